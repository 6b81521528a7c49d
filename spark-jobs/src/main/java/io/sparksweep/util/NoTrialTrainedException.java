package io.sparksweep.util;

/**
 * Every trial of the sweep FAILED: it ran to the end and stored its rows, but nothing trained, so a
 * script or a scheduler must not read it as success. Exit code 4; the one line gives the commonest
 * reason and how many trials had it.
 */
public final class NoTrialTrainedException extends SweepException {

    /**
     * @param trials      the sweep's trials, all FAILED
     * @param reason      the commonest failure message
     * @param withReason  how many trials failed with it
     */
    public NoTrialTrainedException(int trials, String reason, long withReason) {
        super("no trial trained: all " + trials + " trials FAILED, " + (withReason == trials ? "every one" : withReason)
                + " with: " + reason);
    }

    @Override
    public int exitCode() {
        return NOTHING_TRAINED;
    }
}
