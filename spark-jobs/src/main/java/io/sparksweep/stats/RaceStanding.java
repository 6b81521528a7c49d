package io.sparksweep.stats;

import java.io.Serializable;

/**
 * Where racing left a configuration ({@code repeats: {min, max}}): the best, tied with it at the top,
 * or eliminated.
 *
 * @param best         the race's leader at its end: the highest mean among the configurations left
 * @param tiedAtTop    left in the race at its end (the best included): the tests could not tell it from the best
 * @param eliminatedAt the repeats it had finished when it was eliminated; null if it was not
 * @param pValue       eliminated: the Holm-adjusted one-sided Welch (or paired) p-value that eliminated it (null when a
 *                     diverged or failed repeat did); tied: the same p-value against the best at the race's end;
 *                     null for the best
 * @param reason       why it was eliminated, for people; null if it was not
 */
public record RaceStanding(boolean best, boolean tiedAtTop, Integer eliminatedAt, Double pValue, String reason)
        implements Serializable {

    /** "leader", "tied" or "eliminated": summary/'s {@code race_status}. */
    public String status() {
        return best ? "leader" : tiedAtTop ? "tied" : "eliminated";
    }

    /** The p-value that eliminated it; null if it was not eliminated, or a diverged or failed repeat did. */
    public Double eliminatedP() {
        return tiedAtTop ? null : pValue;
    }

    /** Tied: the Holm-adjusted one-sided p-value against the leader at the race's end; null otherwise. */
    public Double tiedP() {
        return tiedAtTop && !best ? pValue : null;
    }
}
