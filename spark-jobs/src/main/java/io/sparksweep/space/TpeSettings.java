package io.sparksweep.space;

/**
 * Settings of {@code method: tpe}, with Optuna's defaults.
 *
 * @param startup      configurations drawn at random before TPE takes over
 * @param candidates   draws from the good configurations' density scored per proposal
 * @param constantLiar count configurations still running as the worst result so far, so that
 *                     parallel proposals spread out instead of piling onto the same point
 */
public record TpeSettings(int startup, int candidates, boolean constantLiar) {

    public static final TpeSettings DEFAULTS = new TpeSettings(10, 24, true);

    public TpeSettings {
        if (startup < 1 || candidates < 1) {
            throw new IllegalArgumentException(
                    "startup and candidates must be >= 1 (got " + startup + ", " + candidates + ")");
        }
    }
}
