package io.sparksweep.bench;

import io.sparksweep.plan.Plan;
import io.sparksweep.plan.RungScheduler;
import io.sparksweep.plan.Seeds;
import io.sparksweep.plan.StartOrder;
import io.sparksweep.plan.TrialPlanner;
import io.sparksweep.space.EarlyStopping;
import io.sparksweep.stats.Numbers;
import io.sparksweep.store.SweepOutput;
import io.sparksweep.sweepfile.SweepFileLoader;
import io.sparksweep.trial.Config;
import io.sparksweep.trial.TrialResult;
import io.sparksweep.trial.TrialStatus;

import org.apache.hadoop.conf.Configuration;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * For issue 22's start-order question: replays ASHA offline on a finished full grid (one repeat per
 * configuration, every epoch's test accuracy stored). An early-stopping sweep with the same sweep seed
 * trains a prefix of each of the grid's trials with the same trial seed, so its numbers are the
 * grid's; what the start order changes is only which configurations the rungs keep. This replays the
 * pure {@link RungScheduler} on the stored curves, once with the grid in its listed order and once
 * per sweep seed in the order {@link StartOrder} gives that seed, on {@code slots} slots, each
 * segment lasting its epochs' stored seconds times a factor drawn from 1 ± {@link RaceReplay#JITTER}.
 * One line per order: the epochs trained, the best configuration that reached the last epoch, and
 * whether it is the grid's best; then a summary line.
 * {@code java -cp ... io.sparksweep.bench.AshaReplay SWEEP_FOLDER [SEEDS [REDUCTION_FACTOR [SLOTS]]]}
 */
public final class AshaReplay {

    private AshaReplay() {}

    /** One replayed sweep: the epochs it trained and the best configuration that reached the last epoch. */
    record Run(int epochs, String best) {}

    /**
     * Replays ASHA over {@code order} with {@code slots} slots. {@code curves} holds each
     * configuration's test accuracy after every epoch (an empty list for a failed trial) and
     * {@code epochSeconds} its seconds per epoch.
     */
    static Run replay(
            List<String> order,
            Map<String, List<Double>> curves,
            Map<String, Double> epochSeconds,
            int epochs,
            EarlyStopping rule,
            int slots,
            Random random) {
        record Running(double end, RungScheduler.Job job) {}
        RungScheduler scheduler = new RungScheduler(order, 1, epochs, rule);
        PriorityQueue<Running> running = new PriorityQueue<>((a, b) -> Double.compare(a.end(), b.end()));
        double now = 0;
        int trained = 0;
        while (true) {
            while (running.size() < slots) {
                Optional<RungScheduler.Job> next = scheduler.next();
                if (next.isEmpty()) {
                    break;
                }
                RungScheduler.Job job = next.get();
                int span = job.toEpoch() - job.fromEpoch();
                double factor = 1 + RaceReplay.JITTER * (2 * random.nextDouble() - 1);
                running.add(new Running(now + span * epochSeconds.get(job.configId()) * factor, job));
                trained += span;
            }
            Running done = running.poll();
            if (done == null) {
                break;
            }
            now = done.end();
            RungScheduler.Job job = done.job();
            List<Double> curve = curves.get(job.configId());
            Double value = curve.size() >= job.toEpoch() ? curve.get(job.toEpoch() - 1) : null;
            scheduler.reported(job.configId(), 0, job.toEpoch(), value);
        }
        String best = null;
        for (String id : order) {
            if (scheduler.reached(id) == epochs && (best == null || last(curves.get(id)) > last(curves.get(best)))) {
                best = id;
            }
        }
        return new Run(trained, best);
    }

    private static double last(List<Double> curve) {
        return curve.isEmpty() ? Double.NEGATIVE_INFINITY : curve.get(curve.size() - 1);
    }

    /** Arguments: SWEEP_FOLDER [SEEDS [REDUCTION_FACTOR [SLOTS]]]; 10 seeds, reduction factor 4, 2 slots unless given. */
    public static void main(String[] args) {
        SweepOutput output = SweepOutput.ofFolder(args[0], new Configuration());
        int seeds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int rf = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        int slots = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        EarlyStopping rule = new EarlyStopping(EarlyStopping.Rule.ASHA, rf, 1, "test_accuracy");

        Plan plan = TrialPlanner.plan(SweepFileLoader.parse(output.storedSweepText(), args[0] + "/sweep.yaml"));
        List<String> listed =
                plan.configs().stream().map(c -> Seeds.configId(c.canonical())).toList();
        Map<String, List<Double>> curves = new HashMap<>();
        Map<String, Double> epochSeconds = new HashMap<>();
        int epochs = 0;
        for (TrialResult t : output.readTrials()) {
            if (t.spec().repeat() != 0) {
                continue;
            }
            List<Double> curve =
                    t.outcome().status() == TrialStatus.OK ? t.outcome().testAccuracyCurve() : List.of();
            curves.put(t.spec().configId(), curve);
            epochs = Math.max(epochs, curve.size());
            epochSeconds.put(
                    t.spec().configId(), (t.endMillis() - t.startMillis()) / 1000.0 / Math.max(1, curve.size()));
        }
        String gridBest = listed.get(0);
        for (String id : listed) {
            if (last(curves.get(id)) > last(curves.get(gridBest))) {
                gridBest = id;
            }
        }
        int all = listed.size() * epochs;
        System.out.printf(
                Locale.ROOT,
                "grid: %d configurations x %d epochs = %d; ASHA reduction factor %d, %d slots; the grid's top three:%n",
                listed.size(),
                epochs,
                all,
                rf,
                slots);
        Map<String, Config> configs = new HashMap<>();
        plan.configs().forEach(c -> configs.put(Seeds.configId(c.canonical()), c));
        listed.stream()
                .sorted((a, b) -> Double.compare(last(curves.get(b)), last(curves.get(a))))
                .limit(3)
                .forEach(id -> System.out.printf(
                        Locale.ROOT,
                        "  %s %s %.4f%n",
                        id,
                        Numbers.describe(configs.get(id), plan.searched()),
                        last(curves.get(id))));
        Random random = new Random(1);
        print("listed order", replay(listed, curves, epochSeconds, epochs, rule, slots, random), all, gridBest, curves);
        List<Run> shuffled = new ArrayList<>();
        for (int s = 1; s <= seeds; s++) {
            Run run = replay(StartOrder.shuffled(listed, s), curves, epochSeconds, epochs, rule, slots, random);
            shuffled.add(run);
            print("seed " + s, run, all, gridBest, curves);
        }
        String bestId = gridBest;
        System.out.printf(
                Locale.ROOT,
                "seeded orders: epochs mean %.1f (min %d, max %d) of %d, %.1fx fewer; the grid's best found %d of %d%n",
                shuffled.stream().mapToInt(Run::epochs).average().orElse(0),
                shuffled.stream().mapToInt(Run::epochs).min().orElse(0),
                shuffled.stream().mapToInt(Run::epochs).max().orElse(0),
                all,
                all / shuffled.stream().mapToInt(Run::epochs).average().orElse(1),
                shuffled.stream().filter(r -> bestId.equals(r.best())).count(),
                seeds);
    }

    private static void print(String label, Run run, int all, String gridBest, Map<String, List<Double>> curves) {
        double found = run.best() == null ? Double.NEGATIVE_INFINITY : last(curves.get(run.best()));
        long rank = 1 + curves.values().stream().filter(c -> last(c) > found).count();
        System.out.printf(
                Locale.ROOT,
                "%-13s epochs %3d of %d | best %s %.4f, the grid's #%d%s%n",
                label,
                run.epochs(),
                all,
                run.best(),
                found,
                rank,
                gridBest.equals(run.best()) ? " (its best)" : "");
    }
}
