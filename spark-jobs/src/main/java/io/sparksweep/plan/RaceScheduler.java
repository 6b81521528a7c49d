package io.sparksweep.plan;

import io.sparksweep.space.Racing;
import io.sparksweep.stats.RaceStanding;
import io.sparksweep.stats.RaceTests;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Racing ({@code repeats: {min, max, alpha}}): spends repeats only where the ranking is still uncertain.
 * Pure and single-threaded: the driver calls {@link #next()} whenever a task slot is free and
 * {@link #reported} as each repeat ends; every decision depends only on the order of those calls, so
 * replaying them rebuilds the race.
 * <ul>
 *   <li>Every configuration first gets {@code min} repeats (in plan order, a configuration's repeats
 *   together).</li>
 *   <li>Whenever a round completes (every configuration left has finished {@code k >= min} repeats, for
 *   a {@code k} not tested before), the leader is the configuration with the highest mean among those
 *   still in the race (with two OK values); every other such configuration is tested against it (one-sided Welch t-test, or with
 *   {@code paired: true} a one-sided paired t-test over the repeats both finished), Holm-corrected across them, and those below alpha are
 *   eliminated: they get no more repeats.</li>
 *   <li>A configuration with a diverged or failed repeat is eliminated while some configuration in the
 *   race has all its repeats OK: the ranking puts it below every such one, whatever its mean.</li>
 *   <li>Once every configuration has started its {@code min} repeats, a free slot goes to the
 *   configuration left in the race with the fewest repeats started (the leader first on a tie, then plan
 *   order), up to {@code max}.</li>
 *   <li>The race ends when one configuration is left, or every one left has {@code max} repeats; those
 *   left are tied at the top.</li>
 * </ul>
 * Values are higher-is-better (the driver negates losses); a null value is a diverged or failed repeat.
 *
 * <p>With tpe or early stopping the configurations are not known up front: each {@link #join joins}
 * with its first {@code min} repeats already run (trained by the rung scheduler) and the race tests it
 * at once. A round is then tested when a configuration joins or when every configuration left has
 * finished one more repeat than at the last test.
 */
public final class RaceScheduler {

    /** Train repeat {@code repeat} of a configuration. */
    public record Start(String configId, int repeat) {}

    /**
     * A configuration left the race.
     *
     * @param repeats the repeats it had finished
     * @param pValue  the Holm-adjusted p-value against the leader; null when a diverged or failed repeat decided
     * @param leader  the leader it was tested against (or the configuration whose repeats were all OK)
     */
    public record Elimination(String configId, int repeats, Double pValue, String leader, String reason) {}

    private static final class Entry {
        final int order;
        int started;
        final Map<Integer, Double> reports = new TreeMap<>(); // repeat -> value, null = not OK
        final TreeSet<Integer> running = new TreeSet<>();
        Elimination eliminated;
        Double lastP; // Holm-adjusted p against the leader in the latest round it was tested in

        Entry(int order) {
            this.order = order;
        }

        boolean live() {
            return eliminated == null;
        }

        double[] ok() {
            return reports.values().stream()
                    .filter(v -> v != null && Double.isFinite(v))
                    .mapToDouble(Double::doubleValue)
                    .toArray();
        }

        boolean clean() {
            return !reports.isEmpty() && reports.values().stream().allMatch(v -> v != null && Double.isFinite(v));
        }

        double mean() {
            double[] v = ok();
            double s = 0;
            for (double x : v) {
                s += x;
            }
            return s / v.length;
        }
    }

    private final Racing racing;
    private final Map<String, Entry> configs = new LinkedHashMap<>();
    private final List<Elimination> eliminations = new ArrayList<>();
    private int testedLevel; // the round last tested: every configuration left had this many repeats finished
    private int joins; // configurations that joined with their min repeats run (tpe, early stopping)
    private int testedJoins; // joins when the last round was tested

    public RaceScheduler(List<String> configIds, Racing racing) {
        this.racing = racing;
        for (String id : configIds) {
            if (configs.putIfAbsent(id, new Entry(configs.size())) != null) {
                throw new IllegalArgumentException(id + " is listed twice");
            }
        }
    }

    /**
     * A configuration joins with its first {@code min} repeats already finished elsewhere (tpe's or early
     * stopping's first phase): {@code values} by repeat, null for a diverged or failed one. It is tested
     * against the leader at once. Returns the configurations this eliminated, in plan order.
     */
    public List<Elimination> join(String configId, List<Double> values) {
        if (values.size() != racing.min()) {
            throw new IllegalArgumentException(
                    configId + " joins with " + values.size() + " repeats, not " + racing.min());
        }
        Entry c = new Entry(configs.size());
        if (configs.putIfAbsent(configId, c) != null) {
            throw new IllegalArgumentException(configId + " is already in the race");
        }
        for (int r = 0; r < values.size(); r++) {
            Double v = values.get(r);
            c.reports.put(r, v == null || !Double.isFinite(v) ? null : v);
        }
        c.started = values.size();
        joins++;
        return decide();
    }

    /** Whether the configuration is in the race (eliminated or not). */
    public boolean contains(String configId) {
        return configs.containsKey(configId);
    }

    /** The next repeat to start now, if any; marks it running. */
    public Optional<Start> next() {
        Entry chosen = null;
        String id = null;
        // every configuration gets min repeats first, a configuration's together
        for (Map.Entry<String, Entry> e : configs.entrySet()) {
            if (e.getValue().live() && e.getValue().started < racing.min()) {
                chosen = e.getValue();
                id = e.getKey();
                break;
            }
        }
        if (chosen == null && live().size() > 1) {
            String leader = leader();
            Comparator<Map.Entry<String, Entry>> order = Comparator.comparingInt(
                            (Map.Entry<String, Entry> e) -> e.getValue().started)
                    .thenComparing(e -> !e.getKey().equals(leader))
                    .thenComparingInt(e -> e.getValue().order);
            Map.Entry<String, Entry> best = configs.entrySet().stream()
                    .filter(e -> e.getValue().live() && e.getValue().started < racing.max())
                    .min(order)
                    .orElse(null);
            if (best != null) {
                chosen = best.getValue();
                id = best.getKey();
            }
        }
        if (chosen == null) {
            return Optional.empty();
        }
        Start start = new Start(id, chosen.started);
        chosen.running.add(chosen.started);
        chosen.started++;
        return Optional.of(start);
    }

    /**
     * A repeat ended: {@code value} is its metric (higher better), or null when it diverged or failed.
     * Returns the configurations this report eliminated, in plan order.
     */
    public List<Elimination> reported(String configId, int repeat, Double value) {
        Entry c = configs.get(configId);
        if (c == null || !c.running.remove(repeat)) {
            throw new IllegalStateException("no running repeat " + repeat + " of " + configId);
        }
        c.reports.put(repeat, value == null || !Double.isFinite(value) ? null : value);
        return decide();
    }

    private List<Elimination> decide() {
        List<Elimination> now = new ArrayList<>();
        eliminateNotOk(now);
        int level = level();
        // a joined configuration can lower the level: the next round is one repeat above it, not above the old one
        if (level >= racing.min() && (level > testedLevel || joins > testedJoins)) {
            testedLevel = level;
            testedJoins = joins;
            test(now);
        }
        eliminations.addAll(now);
        return now;
    }

    /** The ranking puts a configuration with a diverged or failed repeat below every one whose repeats were all OK. */
    private void eliminateNotOk(List<Elimination> now) {
        String clean = configs.entrySet().stream()
                .filter(e -> e.getValue().live() && e.getValue().clean())
                .map(Map.Entry::getKey)
                .findFirst()
                .orElse(null);
        if (clean == null) {
            return;
        }
        configs.forEach((id, c) -> {
            if (c.live() && !c.reports.isEmpty() && !c.clean()) {
                c.eliminated = new Elimination(
                        id, c.reports.size(), null, clean, "a repeat diverged or failed; " + clean + "'s were all OK");
                now.add(c.eliminated);
            }
        });
    }

    /** One round: every tested configuration against the leader, Holm across them. */
    private void test(List<Elimination> now) {
        String leader = leader();
        if (leader == null) {
            return;
        }
        double[] best = configs.get(leader).ok();
        List<String> challengers = new ArrayList<>();
        configs.forEach((id, c) -> {
            if (!id.equals(leader) && tested(c)) {
                challengers.add(id);
            }
        });
        double[] p = new double[challengers.size()];
        for (int i = 0; i < p.length; i++) {
            p[i] = racing.paired()
                    ? paired(configs.get(leader), configs.get(challengers.get(i)))
                    : RaceTests.oneSidedWelch(
                            best, configs.get(challengers.get(i)).ok());
        }
        double[] adjusted = RaceTests.holm(p);
        configs.get(leader).lastP = null;
        for (int i = 0; i < p.length; i++) {
            Entry c = configs.get(challengers.get(i));
            c.lastP = adjusted[i];
            if (adjusted[i] <= racing.alpha()) {
                c.eliminated = new Elimination(
                        challengers.get(i),
                        c.reports.size(),
                        adjusted[i],
                        leader,
                        "significantly below " + leader + " (Holm-adjusted one-sided "
                                + (racing.paired() ? "paired t-test" : "Welch") + " p-value)");
                now.add(c.eliminated);
            }
        }
    }

    /**
     * The one-sided paired p-value of a challenger against the leader over the repeats both finished with
     * an OK value: with seeds shared by repeat, repeat r of the two is a pair. Repeats finish out of order,
     * so the two may have finished different ones; only the common ones pair. Fewer than two pairs cannot
     * be tested: 1, it stays in the race.
     */
    private static double paired(Entry leader, Entry challenger) {
        List<double[]> pairs = new ArrayList<>();
        leader.reports.forEach((r, v) -> {
            Double w = challenger.reports.get(r);
            if (v != null && w != null) {
                pairs.add(new double[] {v, w});
            }
        });
        if (pairs.size() < 2) {
            return 1.0;
        }
        double[] a = pairs.stream().mapToDouble(x -> x[0]).toArray();
        double[] b = pairs.stream().mapToDouble(x -> x[1]).toArray();
        return RaceTests.oneSidedPaired(a, b);
    }

    /**
     * The round the race is in: the fewest repeats finished among the configurations left. A round is
     * tested once, when it completes, as F-race tests once per block of instances: testing after every
     * single report would look at the same comparisons dozens of times per round, and every look is
     * another chance to eliminate a configuration that is as good as the leader.
     */
    private int level() {
        return configs.values().stream()
                .filter(Entry::live)
                .mapToInt(c -> c.reports.size())
                .min()
                .orElse(0);
    }

    /** In the race with min finished repeats and two OK values: a Welch test can compare it. */
    private boolean tested(Entry c) {
        return c.live() && c.reports.size() >= racing.min() && c.ok().length >= 2;
    }

    /**
     * The highest mean among the configurations the tests can compare; null if none. On a tie the smaller
     * id, as the summary's ranking breaks ties, so that the leader is its rank 1 when the means are equal.
     */
    public String leader() {
        return configs.entrySet().stream()
                .filter(e -> tested(e.getValue()))
                .max(Comparator.comparingDouble(
                                (Map.Entry<String, Entry> e) -> e.getValue().mean())
                        .thenComparing(Map.Entry::getKey, Comparator.reverseOrder()))
                .map(Map.Entry::getKey)
                .orElse(null);
    }

    /** Whether nothing runs and nothing is left to start: the race is over. */
    public boolean done() {
        if (configs.values().stream().anyMatch(c -> !c.running.isEmpty())) {
            return false;
        }
        Optional<Start> s = peek();
        return s.isEmpty();
    }

    private Optional<Start> peek() {
        // next() without marking: on a copy of the counts
        for (Entry c : configs.values()) {
            if (c.live() && c.started < racing.min()) {
                return Optional.of(new Start("", c.started));
            }
        }
        if (live().size() > 1) {
            for (Entry c : configs.values()) {
                if (c.live() && c.started < racing.max()) {
                    return Optional.of(new Start("", c.started));
                }
            }
        }
        return Optional.empty();
    }

    /** Repeats started and not yet reported, per configuration in plan order (to resubmit after a restart). */
    public List<Start> running() {
        List<Start> starts = new ArrayList<>();
        configs.forEach((id, c) -> c.running.forEach(r -> starts.add(new Start(id, r))));
        return starts;
    }

    /** The configurations still in the race, plan order. */
    public List<String> live() {
        return configs.entrySet().stream()
                .filter(e -> e.getValue().live())
                .map(Map.Entry::getKey)
                .toList();
    }

    /** Every elimination so far, in the order they happened. */
    public List<Elimination> eliminations() {
        return List.copyOf(eliminations);
    }

    /** Repeats started (finished or running) of a configuration. */
    public int started(String configId) {
        return configs.get(configId).started;
    }

    /** Whether the configuration was eliminated: it gets no more repeats. */
    public boolean eliminated(String configId) {
        return !configs.get(configId).live();
    }

    /** Repeats finished of a configuration. */
    public int finished(String configId) {
        return configs.get(configId).reports.size();
    }

    /** The mean of a configuration's OK values so far; null without one. */
    public Double mean(String configId) {
        Entry c = configs.get(configId);
        return c.ok().length == 0 ? null : c.mean();
    }

    /**
     * Where the race stands for every configuration that finished a repeat: at its end, the best, the
     * tied and the eliminated. The best is the leader, or, when no configuration has min repeats with two
     * OK values, the highest mean among those left.
     */
    public Map<String, RaceStanding> standings() {
        String best = leader();
        if (best == null) {
            best = configs.entrySet().stream()
                    .filter(e -> e.getValue().live() && e.getValue().ok().length > 0)
                    .max(Comparator.comparingDouble(
                                    (Map.Entry<String, Entry> e) -> e.getValue().mean())
                            .thenComparing(Map.Entry::getKey, Comparator.reverseOrder()))
                    .map(Map.Entry::getKey)
                    .orElse(null);
        }
        Map<String, RaceStanding> standings = new LinkedHashMap<>();
        for (Map.Entry<String, Entry> e : configs.entrySet()) {
            Entry c = e.getValue();
            if (c.reports.isEmpty()) {
                continue;
            }
            boolean isBest = e.getKey().equals(best);
            standings.put(
                    e.getKey(),
                    c.live()
                            ? new RaceStanding(isBest, true, null, isBest ? null : c.lastP, null)
                            : new RaceStanding(
                                    false,
                                    false,
                                    c.eliminated.repeats(),
                                    c.eliminated.pValue(),
                                    c.eliminated.reason()));
        }
        return standings;
    }
}
