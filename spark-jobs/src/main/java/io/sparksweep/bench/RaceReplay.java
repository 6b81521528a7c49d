package io.sparksweep.bench;

import io.sparksweep.plan.Plan;
import io.sparksweep.plan.RaceScheduler;
import io.sparksweep.plan.Seeds;
import io.sparksweep.plan.TrialPlanner;
import io.sparksweep.space.Racing;
import io.sparksweep.stats.ConfigSummary;
import io.sparksweep.stats.MetricSummary;
import io.sparksweep.stats.Numbers;
import io.sparksweep.stats.RepeatStatistics;
import io.sparksweep.store.SweepOutput;
import io.sparksweep.sweepfile.SweepFileLoader;
import io.sparksweep.trial.Config;
import io.sparksweep.trial.Metrics;
import io.sparksweep.trial.TrialOutcome;
import io.sparksweep.trial.TrialResult;
import io.sparksweep.trial.TrialStatus;

import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;
import org.apache.commons.math3.stat.inference.TTest;
import org.apache.hadoop.conf.Configuration;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * For deploy/race-benchmark.sh: replays a race offline on a finished full grid (every configuration
 * {@code max} repeats). A race with the same sweep seed trains a subset of the grid's trials with the
 * same trial seeds, so their numbers are the grid's; only the order in which results arrive differs
 * from run to run. This replays the pure {@link RaceScheduler} on the stored values in several random
 * completion orders and prints one line: the grid's winner, whether its 95 % interval is separated
 * from the runner-up's, the trials the race used and whether it kept the grid's winner in every order.
 * A second line says how much pairing repeat r of two configurations would gain (common random
 * numbers): the correlation of their values by repeat index, and the top two's Welch and paired p.
 * With {@code --paired} the race tests with the one-sided paired t-test ({@code paired: true}); replay a
 * grid run with {@code paired: true} both ways to compare the tests on the same values.
 * {@code java -cp ... io.sparksweep.bench.RaceReplay [--paired] SWEEP_FOLDER [ORDERS [MIN MAX ALPHA [SLOTS]]]}
 */
public final class RaceReplay {

    /** How far a trial's time may stray from its stored one in a replay (uniform factor 1 ± this). */
    static final double JITTER = 0.25;

    private RaceReplay() {}

    /**
     * One replayed race.
     *
     * @param trials the repeats it started
     * @param left   the configurations left at the end (the leader and those tied with it)
     * @param leader the best at the end
     * @param repeats the repeats started per configuration
     */
    record Race(int trials, List<String> left, String leader, Map<String, Integer> repeats) {}

    /**
     * Replays one race over {@code configIds} (plan order) with {@code slots} task slots: a free slot
     * takes the scheduler's next repeat at once, and a repeat ends {@code seconds} after it starts,
     * times a factor drawn uniformly from 1 ± {@link #JITTER}, so that results arrive in an order a
     * real run could have produced. {@code values} and {@code seconds} are keyed by trial id; a value
     * is higher-better, null for a diverged or failed repeat.
     */
    static Race replay(
            List<String> configIds,
            Map<String, Double> values,
            Map<String, Double> seconds,
            Racing racing,
            int slots,
            Random random) {
        record Running(double end, RaceScheduler.Start start) {}
        RaceScheduler race = new RaceScheduler(configIds, racing);
        PriorityQueue<Running> running = new PriorityQueue<>((a, b) -> Double.compare(a.end(), b.end()));
        double now = 0;
        int started = 0;
        while (true) {
            while (running.size() < slots) {
                Optional<RaceScheduler.Start> next = race.next();
                if (next.isEmpty()) {
                    break;
                }
                String id = Seeds.trialId(next.get().configId(), next.get().repeat());
                if (!seconds.containsKey(id)) {
                    throw new IllegalArgumentException("the race asks for trial " + id + " ("
                            + next.get().configId() + " repeat " + next.get().repeat()
                            + "), which the grid did not run: does it have max repeats?");
                }
                double factor = 1 + JITTER * (2 * random.nextDouble() - 1);
                running.add(new Running(now + seconds.get(id) * factor, next.get()));
                started++;
            }
            Running done = running.poll();
            if (done == null) {
                break;
            }
            now = done.end();
            RaceScheduler.Start s = done.start();
            race.reported(s.configId(), s.repeat(), values.get(Seeds.trialId(s.configId(), s.repeat())));
        }
        Map<String, Integer> repeats = new HashMap<>();
        configIds.forEach(id -> repeats.put(id, race.started(id)));
        return new Race(started, race.live(), race.leader(), repeats);
    }

    /**
     * Arguments: [--paired] SWEEP_FOLDER [ORDERS [MIN MAX ALPHA [SLOTS]]]; 20 orders of a 3–10 race at 0.05
     * on 2 slots unless given. {@code --paired} replays with the paired t-test instead of Welch's (meaningful
     * on a grid run with {@code paired: true}, whose repeat r of every configuration shares its seed).
     */
    public static void main(String[] args) {
        boolean pairedTest = args.length > 0 && args[0].equals("--paired");
        if (pairedTest) {
            args = Arrays.copyOfRange(args, 1, args.length);
        }
        SweepOutput output = SweepOutput.ofFolder(args[0], new Configuration());
        int orders = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Racing racing = args.length > 4
                ? new Racing(
                        Integer.parseInt(args[2]), Integer.parseInt(args[3]), Double.parseDouble(args[4]), pairedTest)
                : new Racing(3, 10, Racing.DEFAULT_ALPHA, pairedTest);
        int slots = args.length > 5 ? Integer.parseInt(args[5]) : 2;

        Plan plan = TrialPlanner.plan(SweepFileLoader.parse(output.storedSweepText(), args[0] + "/sweep.yaml"));
        Map<String, Config> configs = new HashMap<>();
        plan.configs().forEach(c -> configs.put(Seeds.configId(c.canonical()), c));
        List<String> ids =
                plan.configs().stream().map(c -> Seeds.configId(c.canonical())).toList();
        List<TrialResult> trials = output.readTrialsWithoutCurves();
        String metric = RepeatStatistics.rankMetric(trials);
        Map<String, Double> values = new HashMap<>();
        Map<String, Double> seconds = new HashMap<>();
        for (TrialResult t : trials) {
            values.put(t.spec().trialId(), value(t.outcome(), metric));
            seconds.put(t.spec().trialId(), (t.endMillis() - t.startMillis()) / 1000.0);
        }

        // the grid's ranking, as its summary has it
        List<ConfigSummary> ranked = RepeatStatistics.summarize(trials);
        ConfigSummary first = ranked.get(0);
        ConfigSummary second = ranked.get(1);
        MetricSummary a = first.rankMetric();
        MetricSummary b = second.rankMetric();
        boolean lowerBetter = Metrics.lowerIsBetter(metric);
        boolean separated = lowerBetter ? a.ci95High() < b.ci95Low() : a.ci95Low() > b.ci95High();

        int kept = 0;
        int leaderIsWinner = 0;
        int min = Integer.MAX_VALUE;
        int max = 0;
        long sum = 0;
        int left = 0;
        int runnerUpRepeats = 0;
        Random random = new Random(plan.sweep().seed());
        for (int i = 0; i < orders; i++) {
            Race r = replay(ids, values, seconds, racing, slots, random);
            kept += r.left().contains(first.configId()) ? 1 : 0;
            leaderIsWinner += first.configId().equals(r.leader()) ? 1 : 0;
            min = Math.min(min, r.trials());
            max = Math.max(max, r.trials());
            sum += r.trials();
            left += r.left().size();
            runnerUpRepeats += r.repeats().get(second.configId());
        }
        System.out.printf(
                Locale.ROOT,
                "seed %d %s | grid winner %s %.4f [%.4f, %.4f] | runner-up %s %.4f [%.4f, %.4f] | separated %s (%s) "
                        + "| race trials mean %.1f min %d max %d of %d (%.0f %%) | winner kept %d/%d, race leader %d/%d "
                        + "| left at the end %.1f, runner-up's repeats %.1f%n",
                plan.sweep().seed(),
                pairedTest ? "paired test" : "Welch",
                Numbers.describe(configs.get(first.configId()), plan.searched()),
                a.mean(),
                a.ci95Low(),
                a.ci95High(),
                Numbers.describe(configs.get(second.configId()), plan.searched()),
                b.mean(),
                b.ci95Low(),
                b.ci95High(),
                separated ? "yes" : "no",
                second.pValueVsBest() == null ? "-" : Numbers.pValue(second.pValueVsBest()),
                (double) sum / orders,
                min,
                max,
                trials.size(),
                100.0 * sum / orders / trials.size(),
                kept,
                orders,
                leaderIsWinner,
                orders,
                (double) left / orders,
                (double) runnerUpRepeats / orders);
        System.out.println(pairing(ids, values, racing.max(), first.configId(), second.configId()));
    }

    /**
     * Pairing: the mean over all pairs of configurations of the correlation of their values by repeat
     * index, then for the top two that correlation, the two-sided Welch p-value and the paired t-test's.
     * Trial seeds that include the configuration make the correlation noise around 0; seeds shared by
     * repeat index would show here whether pairing sharpens the test.
     */
    static String pairing(List<String> ids, Map<String, Double> values, int repeats, String first, String second) {
        PearsonsCorrelation correlation = new PearsonsCorrelation();
        double sum = 0;
        int pairs = 0;
        for (int i = 0; i < ids.size(); i++) {
            for (int j = i + 1; j < ids.size(); j++) {
                sum += correlation.correlation(
                        byRepeat(values, ids.get(i), repeats), byRepeat(values, ids.get(j), repeats));
                pairs++;
            }
        }
        double[] a = byRepeat(values, first, repeats);
        double[] b = byRepeat(values, second, repeats);
        TTest t = new TTest();
        return String.format(
                Locale.ROOT,
                "pairing: mean correlation by repeat over %d pairs %.2f; top two: correlation %.2f, Welch p %.2g, paired p %.2g",
                pairs,
                sum / pairs,
                correlation.correlation(a, b),
                t.tTest(a, b),
                t.pairedTTest(a, b));
    }

    private static double[] byRepeat(Map<String, Double> values, String configId, int repeats) {
        double[] v = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            Double x = values.get(Seeds.trialId(configId, r));
            v[r] = x == null ? Double.NaN : x;
        }
        return v;
    }

    /** What the race compares, as the driver computes it: the ranking metric, higher better; null unless OK. */
    private static Double value(TrialOutcome o, String metric) {
        if (o.status() != TrialStatus.OK) {
            return null;
        }
        Double v = metric.equals(Metrics.TEST_ACCURACY) ? o.testAccuracy() : o.metric(metric);
        if (v == null || !Double.isFinite(v)) {
            return null;
        }
        return Metrics.lowerIsBetter(metric) ? -v : v;
    }
}
