package io.sparksweep.trial;

/** How a trial ended. Failures are data: every status is a stored row. */
public enum TrialStatus {
    /** Trained every epoch with finite loss. */
    OK,
    /** The loss became NaN or infinite; training stopped there. */
    DIVERGED,
    /** Training threw; the row carries the error message. */
    FAILED,
    /** Early stopping ended it at a rung; its curves go as far as it trained ({@code stopped_at_epoch}). */
    STOPPED
}
