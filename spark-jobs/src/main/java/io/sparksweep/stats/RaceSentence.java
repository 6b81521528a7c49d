package io.sparksweep.stats;

import io.sparksweep.space.ParameterKey;

import java.util.Comparator;
import java.util.List;

/**
 * The race's outcome as a sentence a person can quote: "learning_rate=0.5 width=128 is best;
 * learning_rate=0.5 width=64 cannot be told apart from it after 10 repeats (p = 0.21); 4 others were
 * eliminated after 3 to 4 repeats". Pure.
 */
public final class RaceSentence {

    private RaceSentence() {}

    /** The sentence, or null when the summary has no race. */
    public static String of(List<ConfigSummary> summary, List<ParameterKey> searched) {
        ConfigSummary best = summary.stream()
                .filter(s -> s.race() != null && s.race().best())
                .findFirst()
                .orElse(null);
        if (best == null) {
            return null;
        }
        StringBuilder b = new StringBuilder(name(best, searched))
                .append(" is best (")
                .append(best.nTrials())
                .append(" repeats)");
        List<ConfigSummary> tied = summary.stream()
                .filter(s ->
                        s.race() != null && s.race().tiedAtTop() && !s.race().best())
                .sorted(Comparator.comparing(
                        (ConfigSummary s) -> s.race().pValue(), Comparator.nullsLast(Comparator.reverseOrder())))
                .toList();
        if (!tied.isEmpty()) {
            List<String> names = tied.stream()
                    .map(s -> name(s, searched) + " (" + p(s.race()) + ")")
                    .toList();
            b.append("; ")
                    .append(
                            names.size() == 1
                                    ? names.get(0)
                                    : String.join(", ", names.subList(0, names.size() - 1)) + " and "
                                            + names.get(names.size() - 1))
                    .append(" cannot be told apart from it after ")
                    .append(repeats(tied))
                    .append(" repeats");
        }
        List<ConfigSummary> out = summary.stream()
                .filter(s -> s.race() != null && !s.race().tiedAtTop())
                .toList();
        if (!out.isEmpty()) {
            int fewest =
                    out.stream().mapToInt(s -> s.race().eliminatedAt()).min().orElse(0);
            int most = out.stream().mapToInt(s -> s.race().eliminatedAt()).max().orElse(0);
            b.append("; ")
                    .append(out.size() == 1 ? "1 other was" : out.size() + " others were")
                    .append(" eliminated after ")
                    .append(fewest == most ? String.valueOf(fewest) : fewest + " to " + most)
                    .append(" repeats");
        }
        return b.append('.').toString();
    }

    /** A configuration's cell in the race column: "leader", "tied (p = 0.21)", "out at 3 (p < 0.001)", "out at 3 (failed)"; "" without racing. */
    public static String label(ConfigSummary s) {
        RaceStanding r = s.race();
        if (r == null) {
            return "";
        }
        if (r.best()) {
            return "leader";
        }
        if (r.tiedAtTop()) {
            return r.pValue() == null ? "tied" : "tied (" + Numbers.pValue(r.pValue()) + ")";
        }
        return "out at " + r.eliminatedAt() + " (" + (r.pValue() == null ? "failed" : Numbers.pValue(r.pValue())) + ")";
    }

    private static String p(RaceStanding r) {
        return r.pValue() == null ? "not tested" : Numbers.pValue(r.pValue());
    }

    /** "10", or "8 to 10" when the tied ones ran different numbers of repeats (some failed). */
    private static String repeats(List<ConfigSummary> tied) {
        int fewest = tied.stream().mapToInt(ConfigSummary::nTrials).min().orElse(0);
        int most = tied.stream().mapToInt(ConfigSummary::nTrials).max().orElse(0);
        return fewest == most ? String.valueOf(most) : fewest + " to " + most;
    }

    private static String name(ConfigSummary s, List<ParameterKey> searched) {
        String d = Numbers.describe(s.config(), searched);
        return d.isEmpty() ? s.configId() : d;
    }
}
