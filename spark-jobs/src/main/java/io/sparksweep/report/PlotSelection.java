package io.sparksweep.report;

import io.sparksweep.space.ParameterKey;
import io.sparksweep.stats.ConfigSummary;

import java.util.List;

/**
 * Which plots suit a sweep. Line-per-setting effect plots read well for a small full grid (a few
 * lines, each a setting of the other hyperparameters, with a short legend); anything else — random
 * searches, grids with many values — gets one scatter point per configuration, parallel
 * coordinates and the best-so-far curve.
 */
final class PlotSelection {

    /** At most this many lines (settings of the other hyperparameters) in one effect plot. */
    static final int MAX_LINES = 6;
    /** At most this many configurations for line-per-setting plots. */
    static final int MAX_GRID_CONFIGS = 36;

    private PlotSelection() {}

    /** True for a small full grid: every combination of the values present, few lines per plot. */
    static boolean linesPerSetting(List<ConfigSummary> summary, List<ParameterKey> searched) {
        if (summary.size() > MAX_GRID_CONFIGS) {
            return false;
        }
        long combinations = 1;
        for (ParameterKey h : searched) {
            combinations *= distinct(summary, h);
        }
        if (combinations != summary.size()) {
            return false; // not a full grid: a random search, whose "settings of the others" are all different
        }
        for (ParameterKey h : searched) {
            if (combinations / distinct(summary, h) > MAX_LINES) {
                return false;
            }
        }
        return true;
    }

    /** Parallel coordinates need at least two searched hyperparameters and a few configurations with a mean. */
    static boolean parallelCoordinates(List<ConfigSummary> summary, List<ParameterKey> searched) {
        return searched.size() >= 2 && rated(summary) >= 3;
    }

    /** Best so far against finished configurations: for the searches that are not small grids. */
    static boolean bestSoFar(List<ConfigSummary> summary, List<ParameterKey> searched) {
        return !searched.isEmpty() && !linesPerSetting(summary, searched) && rated(summary) >= 3;
    }

    private static long distinct(List<ConfigSummary> summary, ParameterKey h) {
        return summary.stream().map(s -> s.config().get(h)).distinct().count();
    }

    private static long rated(List<ConfigSummary> summary) {
        return summary.stream().filter(s -> ReportMetric.mean(s) != null).count();
    }
}
