package io.sparksweep.store;

import io.sparksweep.space.DeclaredMetric;

/**
 * The columns a user network's declared metric ({@link DeclaredMetric}) adds to {@code trials/}
 * ({@code val_<name>}, {@code test_<name>}) and {@code summary/} (each with the summary's statistics),
 * and whether any of them is a column sparksweep writes itself.
 */
public final class DeclaredMetricColumns {

    private DeclaredMetricColumns() {}

    /** The first built-in column of either table a metric of this name would write too; null when none. */
    public static String clash(String name) {
        for (String prefix : DeclaredMetric.PREFIXES) {
            String column = prefix + name;
            if (isStatic(TrialTable.TABLE, column)) {
                return column;
            }
            for (String statistic : SummaryTable.STATISTICS.keySet()) {
                if (isStatic(SummaryTable.TABLE, column + "_" + statistic)) {
                    return column + "_" + statistic;
                }
            }
        }
        return null;
    }

    private static boolean isStatic(ParquetTable<?> table, String column) {
        return table.columns().stream().anyMatch(c -> c.name().equals(column));
    }
}
