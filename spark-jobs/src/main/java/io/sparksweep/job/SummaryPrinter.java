package io.sparksweep.job;

import io.sparksweep.space.Hyperparameter;
import io.sparksweep.stats.ConfigSummary;
import io.sparksweep.stats.Numbers;
import io.sparksweep.stats.Ranking;
import io.sparksweep.stats.ShownInterval;

import java.io.PrintStream;
import java.util.List;

/** The ranked table printed at the end of a sweep (numbers to 4 significant digits; summary/ keeps them all). */
final class SummaryPrinter {

    private static final int SHOWN = 10;

    private SummaryPrinter() {
    }

    static void print(List<ConfigSummary> summaries, List<Hyperparameter> searched, PrintStream out) {
        out.println();
        out.printf("%-4s  %-20s  %-24s  %-20s  %s%n", "rank", "ok/all", "test accuracy (mean±std)", "95% CI", "configuration");
        boolean clipped = false;
        for (ConfigSummary s : summaries.subList(0, Math.min(SHOWN, summaries.size()))) {
            ShownInterval ci = ShownInterval.accuracy(s.testAccuracy());
            clipped |= ci.clipped();
            String config = Numbers.describe(s.config(), searched);
            out.printf("%-4s  %-20s  %-24s  %-20s  %s%n", s.rank() == null ? "-" : s.rank(), status(s),
                    Numbers.meanStd(s.testAccuracy(), "-"), ci.shown() ? ci.text() : ci.n() == 0 ? "-" : "n=" + ci.n() + ": too few",
                    config.isEmpty() ? s.configId() : config);
        }
        if (summaries.size() > SHOWN) {
            out.printf("... %d more configurations in summary/%n", summaries.size() - SHOWN);
        }
        out.println("Ranked: configurations whose repeats all ended OK first, then by share of OK repeats, then by mean.");
        out.println("Intervals from " + ShownInterval.MIN_REPEATS + " OK repeats on (fewer: " + ShownInterval.TOO_FEW + ")"
                + (clipped ? "; " + ShownInterval.CLIP_MARK + " = clipped to [0, 1]" : "") + ".");
        out.println();
    }

    /** "3/3", or "1/2 !1 diverged" so that a partly trained configuration stands out. */
    static String status(ConfigSummary s) {
        String counts = s.nOk() + "/" + s.nTrials();
        if (Ranking.allOk(s)) {
            return counts;
        }
        StringBuilder b = new StringBuilder(counts).append(" !");
        if (s.nDiverged() > 0) {
            b.append(s.nDiverged()).append(" diverged");
        }
        if (s.nFailed() > 0) {
            b.append(s.nDiverged() > 0 ? ", " : "").append(s.nFailed()).append(" failed");
        }
        return b.toString();
    }
}
