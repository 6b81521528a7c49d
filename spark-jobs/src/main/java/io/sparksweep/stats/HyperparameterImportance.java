package io.sparksweep.stats;

import io.sparksweep.space.ParameterKey;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * Which searched hyperparameters mattered: fANOVA over a random forest ({@link ForestAnova}; Hutter
 * et al. 2014, Optuna's default evaluator), fitted to the configurations' means of the ranking
 * metric. A hyperparameter's share is the part of the metric's variance over the searched space it
 * explains alone (its main effect); interactions are not attributed, so the shares need not add up
 * to 100 %. The space is each hyperparameter on the scale it was searched on: a number spanning two
 * decades or more, on a log scale (log-uniform draws, log-spaced grids); a few distinct values (a
 * grid), each with equal weight; many (a random range), uniform between the smallest and largest
 * drawn; a choice, each option with equal weight. The forest is refitted with several seeds; the
 * spread of the shares over them is reported beside each.
 *
 * <p>Only the configurations with a mean of the ranking metric count (those that trained): a
 * hyperparameter that decides whether training diverges shows in the ranked table and in how many
 * configurations were left out, not here.
 */
public final class HyperparameterImportance {

    /** Trees per forest, and forests (seeds) per estimate: what the report says it fitted. */
    public static final int FOREST_TREES = ForestAnova.TREES, FOREST_SEEDS = ForestAnova.SEEDS;

    /** With fewer configurations with a mean there is no estimate. */
    static final int MIN_CONFIGS = 4;
    /** More distinct values than this are a range: its measure is uniform between the ends. */
    static final int MAX_GRID_VALUES = 12;
    /** Points of a range's uniform measure. */
    static final int RANGE_POINTS = 32;

    /**
     * One hyperparameter's main effect.
     *
     * @param share  the mean share of the metric's variance it explains alone, over the forests
     * @param spread the standard deviation of that share over forests fitted with other seeds
     * @param scale  how the space holds it: "log", "linear" or "choice"
     */
    public record Estimate(ParameterKey hyperparameter, double share, double spread, String scale) {}

    /**
     * The estimates, most important first, and how many configurations they cover.
     *
     * @param covered the configurations with a mean of the ranking metric (that trained)
     * @param total   every configuration of the sweep
     */
    public record Importance(List<Estimate> estimates, int covered, int total) {
        /** Whether there is anything to show. */
        public boolean isEmpty() {
            return estimates.isEmpty();
        }
    }

    private HyperparameterImportance() {}

    /** The importance of each searched hyperparameter that varied; empty with too few configurations. */
    public static Importance of(List<ConfigSummary> summary, List<ParameterKey> searched) {
        // the ranking metric: validation accuracy, RMSE, ... (test accuracy without a validation part)
        List<ConfigSummary> rated = summary.stream()
                .filter(s -> s.rankMetric() != null
                        && s.rankMetric().mean() != null
                        && Double.isFinite(s.rankMetric().mean()))
                .toList();
        List<Estimate> out = new ArrayList<>();
        if (rated.size() < MIN_CONFIGS) {
            return new Importance(out, rated.size(), summary.size());
        }
        List<ParameterKey> varied = new ArrayList<>();
        List<ForestAnova.Dimension> dims = new ArrayList<>();
        List<String> scales = new ArrayList<>();
        List<double[]> columns = new ArrayList<>();
        for (ParameterKey h : searched) {
            List<Object> values = rated.stream().map(s -> s.config().get(h)).toList();
            if (values.stream().distinct().count() < 2) {
                continue;
            }
            Scaled scaled = scaled(values);
            varied.add(h);
            dims.add(new ForestAnova.Dimension(h.key(), scaled.atoms()));
            scales.add(scaled.scale());
            columns.add(scaled.x());
        }
        if (varied.isEmpty()) {
            return new Importance(out, rated.size(), summary.size());
        }
        double[][] x = new double[rated.size()][varied.size()];
        for (int i = 0; i < rated.size(); i++) {
            for (int j = 0; j < varied.size(); j++) {
                x[i][j] = columns.get(j)[i];
            }
        }
        double[] y = rated.stream().mapToDouble(s -> s.rankMetric().mean()).toArray();
        List<ForestAnova.Share> shares = ForestAnova.shares(dims, x, y);
        for (int j = 0; j < varied.size(); j++) {
            out.add(new Estimate(
                    varied.get(j), shares.get(j).mean(), shares.get(j).std(), scales.get(j)));
        }
        out.sort(Comparator.comparingDouble(Estimate::share).reversed());
        return new Importance(out, rated.size(), summary.size());
    }

    /** A hyperparameter's values on the forest's scale, and the points of its measure. */
    record Scaled(double[] x, double[] atoms, String scale) {}

    static Scaled scaled(List<Object> values) {
        int n = values.size();
        double[] x = new double[n];
        if (!(values.get(0) instanceof Number)) {
            List<String> options = new ArrayList<>(
                    new TreeSet<>(values.stream().map(String::valueOf).toList()));
            for (int i = 0; i < n; i++) {
                x[i] = options.indexOf(String.valueOf(values.get(i)));
            }
            double[] atoms = new double[options.size()];
            for (int a = 0; a < atoms.length; a++) {
                atoms[a] = a;
            }
            return new Scaled(x, atoms, "choice");
        }
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (Object v : values) {
            min = Math.min(min, ((Number) v).doubleValue());
            max = Math.max(max, ((Number) v).doubleValue());
        }
        boolean log = min > 0 && max / min >= 100;
        TreeSet<Double> distinct = new TreeSet<>();
        for (int i = 0; i < n; i++) {
            double v = ((Number) values.get(i)).doubleValue();
            x[i] = log ? Math.log10(v) : v;
            distinct.add(x[i]);
        }
        double[] atoms;
        if (distinct.size() <= MAX_GRID_VALUES) {
            atoms = distinct.stream().mapToDouble(Double::doubleValue).toArray();
        } else {
            double lo = distinct.first(), hi = distinct.last();
            atoms = new double[RANGE_POINTS];
            for (int a = 0; a < RANGE_POINTS; a++) {
                atoms[a] = lo + (a + 0.5) * (hi - lo) / RANGE_POINTS;
            }
        }
        return new Scaled(x, atoms, log ? "log" : "linear");
    }
}
