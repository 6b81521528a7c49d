package io.sparksweep.report;

import java.awt.Color;

/**
 * A continuous colour per rank, for plots with too many configurations for a legend: viridis from
 * dark purple (rank 1, the best) to green-yellow (the worst), stopping short of its pale yellow end,
 * which does not show on white.
 */
final class RankColours {

    static final String DESCRIPTION = "colour = rank (dark purple = best, green-yellow = worst)";

    private static final float[][] VIRIDIS = {
        {68, 1, 84},
        {72, 40, 120},
        {62, 74, 137},
        {49, 104, 142},
        {38, 130, 142},
        {31, 158, 137},
        {53, 183, 121},
        {110, 206, 88},
        {181, 222, 43}
    };

    private RankColours() {}

    static Color of(int rank, int worstRank) {
        double t = worstRank <= 1 ? 0 : (rank - 1.0) / (worstRank - 1.0);
        return at(t);
    }

    /** t in [0, 1] along the scale. */
    static Color at(double t) {
        double p = Math.max(0, Math.min(1, t)) * (VIRIDIS.length - 1);
        int i = Math.min((int) p, VIRIDIS.length - 2);
        double f = p - i;
        float[] a = VIRIDIS[i], b = VIRIDIS[i + 1];
        return new Color((int) Math.round(a[0] + f * (b[0] - a[0])), (int) Math.round(a[1] + f * (b[1] - a[1])), (int)
                Math.round(a[2] + f * (b[2] - a[2])));
    }
}
