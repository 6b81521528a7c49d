package io.sparksweep.plan;

import io.sparksweep.space.EarlyStopping;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Early stopping that decides on the mean over a configuration's repeats. Pure and single-threaded:
 * the driver calls {@link #next()} whenever it has free slots and {@link #reported} as each repeat's
 * segment ends; decisions depend only on the order of those calls, so replaying them rebuilds the state.
 *
 * <p>A configuration's repeats train together to a rung (the epochs {@code min_epochs·η^k} below
 * {@code epochs}), each as its own Spark task; its value at the rung is the mean of the metric over the
 * repeats still OK (higher is better; the driver negates losses).
 * <ul>
 *   <li>asha (Li et al. 2020): when a slot frees, promote the best configuration that completed a rung,
 *   is in the top 1/η of all that completed it, and is not yet promoted (highest rung first);
 *   otherwise start the next configuration at the bottom rung;</li>
 *   <li>median: a configuration continues past a rung when its mean is at least the median of the
 *   other configurations' means there (or none has reached it yet); otherwise it stops.</li>
 * </ul>
 */
public final class RungScheduler {

    /** Train these repeats of a configuration from {@code fromEpoch} to {@code toEpoch}. */
    public record Job(String configId, int fromEpoch, int toEpoch, List<Integer> repeats) {
        public Job {
            repeats = List.copyOf(repeats);
        }
    }

    private final EarlyStopping rule;
    private final int repeats;
    private final int epochs;
    /** The rung epochs and then the last epoch. */
    private final int[] milestones;

    private final List<String> unstarted;
    private final Map<String, Config> configs = new LinkedHashMap<>();
    private final List<Map<String, Double>> rungMeans =
            new ArrayList<>(); // per rung: config -> mean, in completion order
    private final List<String> continueQueue = new ArrayList<>(); // median: approved to go on
    private int running;
    private boolean expectMore;

    private static final class Config {
        final List<Integer> alive;
        int reached; // epochs completed by the whole configuration
        Job job; // in flight, or null
        final Map<Integer, Double> reports = new TreeMap<>();
        boolean promoted; // from its current rung (asha)
        boolean ended; // no repeat left, or stopped (median), or finished

        Config(int repeats) {
            alive = new ArrayList<>();
            for (int r = 0; r < repeats; r++) {
                alive.add(r);
            }
        }
    }

    public RungScheduler(List<String> configIds, int repeats, int epochs, EarlyStopping rule) {
        this.rule = rule;
        this.repeats = repeats;
        this.epochs = epochs;
        List<Integer> rungs = new ArrayList<>(rule.rungs(epochs));
        rungs.add(epochs);
        milestones = rungs.stream().mapToInt(Integer::intValue).toArray();
        unstarted = new ArrayList<>(configIds);
        for (String id : configIds) {
            configs.put(id, new Config(repeats));
        }
        for (int k = 0; k < milestones.length; k++) {
            rungMeans.add(new LinkedHashMap<>());
        }
    }

    /** A configuration proposed while the sweep runs (tpe): it starts at the bottom like the planned ones. */
    public void add(String configId) {
        if (configs.containsKey(configId)) {
            throw new IllegalArgumentException(configId + " is already in the sweep");
        }
        configs.put(configId, new Config(repeats));
        unstarted.add(configId);
    }

    public boolean contains(String configId) {
        return configs.containsKey(configId);
    }

    /** Every configuration, in the order it joined. */
    public List<String> configIds() {
        return List.copyOf(configs.keySet());
    }

    public boolean isRunning(String configId) {
        return configs.get(configId).job != null;
    }

    /** The mean at the furthest rung the configuration completed; null if none or no repeat was OK there. */
    public Double lastMean(String configId) {
        Config c = configs.get(configId);
        return c.reached == 0 ? null : rungMeans.get(rungIndex(c.reached)).get(configId);
    }

    /** The rung epochs, then the last epoch. */
    public int[] milestones() {
        return milestones.clone();
    }

    /** The next job to run now, if any; marks it running. */
    public Optional<Job> next() {
        Job job = choose();
        if (job != null) {
            Config c = configs.get(job.configId());
            c.job = job;
            c.reports.clear();
            unstarted.remove(job.configId());
            continueQueue.remove(job.configId());
            if (job.fromEpoch() > 0) {
                c.promoted = true;
            }
            running++;
        }
        return Optional.ofNullable(job);
    }

    private Job choose() {
        if (rule.rule() == EarlyStopping.Rule.ASHA) {
            for (int k = milestones.length - 2; k >= 0; k--) {
                String best = promotable(k);
                if (best != null) {
                    return jobFrom(best, k);
                }
            }
        } else if (!continueQueue.isEmpty()) {
            String id = continueQueue.get(0);
            return jobFrom(id, rungIndex(configs.get(id).reached));
        }
        if (!unstarted.isEmpty()) {
            String id = unstarted.get(0);
            return new Job(id, 0, milestones[0], configs.get(id).alive);
        }
        if (rule.rule() == EarlyStopping.Rule.ASHA && running == 0 && !expectMore && !anyFinished()) {
            // A finite sweep must not end without a configuration at the last epoch: with fewer than
            // η configurations at the upper rungs nobody is in their top 1/η. Promote the best of the
            // highest rung reached (Optuna's SuccessiveHalvingPruner likewise promotes the best of
            // fewer than η competitors).
            for (int k = milestones.length - 2; k >= 0; k--) {
                String best = best(k);
                if (best != null) {
                    return jobFrom(best, k);
                }
            }
        }
        return null;
    }

    /** Tpe: more configurations may still join, so the sweep is not over when the scheduler idles. */
    public void expectMore(boolean more) {
        expectMore = more;
    }

    private boolean anyFinished() {
        return configs.values().stream().anyMatch(c -> c.reached == epochs && !c.alive.isEmpty());
    }

    /** The best configuration waiting at rung k with a mean, or null. */
    private String best(int k) {
        Map<String, Double> means = rungMeans.get(k);
        List<String> order = new ArrayList<>(configs.keySet());
        return means.keySet().stream()
                .filter(id -> {
                    Config c = configs.get(id);
                    return means.get(id) != null && !c.ended && c.job == null && c.reached == milestones[k];
                })
                .min(Comparator.comparingDouble((String id) -> -means.get(id)).thenComparingInt(order::indexOf))
                .orElse(null);
    }

    private Job jobFrom(String id, int k) {
        return new Job(id, milestones[k], milestones[k + 1], configs.get(id).alive);
    }

    /** asha: the best configuration at rung k that is in its top 1/η and not yet promoted, or null. */
    private String promotable(int k) {
        Map<String, Double> means = rungMeans.get(k);
        int top = means.size() / rule.reductionFactor();
        List<String> ranked = new ArrayList<>(means.keySet());
        List<String> order = new ArrayList<>(configs.keySet());
        ranked.sort(Comparator.comparingDouble((String id) -> finiteOrWorst(means.get(id)))
                .reversed()
                .thenComparingInt(order::indexOf));
        for (String id : ranked.subList(0, top)) {
            Config c = configs.get(id);
            if (!c.promoted && !c.ended && c.job == null && c.reached == milestones[k]) {
                return id;
            }
        }
        return null;
    }

    private static double finiteOrWorst(Double v) {
        return v == null || !Double.isFinite(v) ? Double.NEGATIVE_INFINITY : v;
    }

    private int rungIndex(int epoch) {
        int k = Arrays.binarySearch(milestones, epoch);
        if (k < 0) {
            throw new IllegalArgumentException("epoch " + epoch + " is not a rung");
        }
        return k;
    }

    /**
     * One repeat's segment ended: {@code value} is the metric at {@code epoch} (higher better), or null
     * when the repeat diverged or failed (it trains no further).
     */
    public void reported(String configId, int repeat, int epoch, Double value) {
        Config c = configs.get(configId);
        if (c == null
                || c.job == null
                || c.job.toEpoch() != epoch
                || !c.job.repeats().contains(repeat)
                || c.reports.containsKey(repeat)) {
            throw new IllegalStateException(
                    "no running segment of " + configId + " repeat " + repeat + " to epoch " + epoch);
        }
        c.reports.put(repeat, value);
        if (value == null) {
            c.alive.remove(Integer.valueOf(repeat));
        }
        if (c.reports.size() < c.job.repeats().size()) {
            return;
        }
        // the whole configuration reached the rung
        double[] ok = c.reports.values().stream()
                .filter(v -> v != null && Double.isFinite(v))
                .mapToDouble(Double::doubleValue)
                .toArray();
        Double mean = ok.length == 0 ? null : Arrays.stream(ok).average().orElseThrow();
        c.job = null;
        c.reached = epoch;
        c.promoted = false;
        running--;
        int k = rungIndex(epoch);
        rungMeans.get(k).put(configId, mean);
        if (mean == null || epoch == epochs) {
            c.ended = true;
        } else if (rule.rule() == EarlyStopping.Rule.MEDIAN) {
            double[] others = rungMeans.get(k).entrySet().stream()
                    .filter(e -> !e.getKey().equals(configId))
                    .mapToDouble(e -> finiteOrWorst(e.getValue()))
                    .sorted()
                    .toArray();
            if (others.length == 0 || mean >= median(others)) {
                continueQueue.add(configId);
            } else {
                c.ended = true;
            }
        }
    }

    static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** Whether a job could start now (racing gives a free slot to an extra repeat only when none could). */
    public boolean hasWork() {
        return choose() != null;
    }

    /** Whether nothing runs and nothing is left to start: the sweep is over. */
    public boolean done() {
        return running == 0 && choose() == null;
    }

    public int running() {
        return running;
    }

    /** Jobs started and not yet fully reported, with the repeats still to report (to resubmit after a restart). */
    public List<Job> inFlight() {
        List<Job> jobs = new ArrayList<>();
        configs.forEach((id, c) -> {
            if (c.job != null) {
                List<Integer> missing = c.job.repeats().stream()
                        .filter(r -> !c.reports.containsKey(r))
                        .toList();
                jobs.add(new Job(id, c.job.fromEpoch(), c.job.toEpoch(), missing));
            }
        });
        return jobs;
    }

    /** Epochs the configuration has completed (all its repeats). */
    public int reached(String configId) {
        return configs.get(configId).reached;
    }

    /** Configurations that trained but stopped before the last epoch with repeats still OK. */
    public List<String> stopped() {
        List<String> ids = new ArrayList<>();
        configs.forEach((id, c) -> {
            if (c.job == null && c.reached > 0 && c.reached < epochs && !c.alive.isEmpty()) {
                ids.add(id);
            }
        });
        return ids;
    }

    /** Repeats of a configuration that have not diverged or failed. */
    public List<Integer> alive(String configId) {
        return List.copyOf(configs.get(configId).alive);
    }

    /** The configuration's mean at each rung it completed (for the console and tests). */
    public Map<Integer, Double> means(String configId) {
        Map<Integer, Double> m = new HashMap<>();
        for (int k = 0; k < milestones.length; k++) {
            if (rungMeans.get(k).containsKey(configId)) {
                m.put(milestones[k], rungMeans.get(k).get(configId));
            }
        }
        return m;
    }
}
