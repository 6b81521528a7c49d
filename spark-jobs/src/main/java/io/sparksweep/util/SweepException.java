package io.sparksweep.util;

/**
 * The root of every failure sparksweep reports to its user: one line, {@code error: <message>}, and
 * the exit code this type carries. Bad input (sweep file, dataset, output folder, options, cluster
 * URL) exits {@link #BAD_INPUT}; a Spark job that failed exits {@link #JOB_FAILED}; a sweep whose every
 * trial FAILED exits {@link #NOTHING_TRAINED}.
 */
public abstract class SweepException extends RuntimeException {

    /** The Spark job failed (not a trial: executors lost, dataset unreadable on executors, ...). */
    public static final int JOB_FAILED = 1;
    /** Input the user must fix; nothing was written. */
    public static final int BAD_INPUT = 2;
    /** A bug or an exhausted JVM: anything that is not a SweepException. */
    public static final int INTERNAL = 3;
    /** The sweep ran, but every trial FAILED: its rows are stored, nothing trained. */
    public static final int NOTHING_TRAINED = 4;

    protected SweepException(String message) {
        super(message);
    }

    protected SweepException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The process exit code for this failure. */
    public abstract int exitCode();

    /** The one line shown to the user, after "error: ". */
    public String userMessage() {
        return getMessage();
    }
}
