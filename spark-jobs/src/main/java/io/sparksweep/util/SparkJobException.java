package io.sparksweep.util;

/**
 * The Spark job itself failed, not a trial: executors lost, the dataset unreadable on executors, the
 * job cancelled. Exit code 1.
 */
public final class SparkJobException extends SweepException {

    /** @param failure why the job failed, as Spark reported it */
    public SparkJobException(Throwable failure) {
        super("the Spark job failed: " + firstLine(failure), failure);
    }

    @Override
    public int exitCode() {
        return JOB_FAILED;
    }

    /** Spark wraps the executor's exception as text: its first line names the cause. */
    static String firstLine(Throwable t) {
        String msg = t.getMessage() == null ? t.toString() : t.getMessage();
        return msg.lines().filter(l -> !l.isBlank()).findFirst().orElse(msg).trim();
    }
}
