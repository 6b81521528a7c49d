package io.sparksweep.driver;

import io.sparksweep.store.OutputLock;

import org.apache.hadoop.util.ShutdownHookManager;

import java.io.PrintStream;

/**
 * Ctrl-C (or a TERM) during a sweep: one line saying what is kept and that the same command resumes,
 * and the output folder's lock released, instead of a silent exit or a Spark stack trace. The hook
 * runs in Hadoop's shutdown sequence before Spark stops its context and before Hadoop closes its file
 * systems, so the lock can still be deleted; it is removed again when the sweep ends normally.
 */
final class Interrupt {

    /** Above Spark's SparkContext hook (50) and Hadoop's file-system cache (10): runs before both. */
    private static final int PRIORITY = 60;

    private static volatile boolean interrupted;

    private final Runnable hook;

    private Interrupt(Runnable hook) {
        this.hook = hook;
    }

    /** Whether the JVM is shutting down because a sweep was interrupted: the error it causes is not news. */
    static boolean happened() {
        return interrupted;
    }

    /** Installs the hook for a sweep writing {@code folder} under {@code lock}; close() takes it away. */
    static Interrupt during(String folder, OutputLock lock, PrintStream err) {
        Runnable hook = () -> {
            interrupted = true;
            err.println("interrupted: the trials finished so far are stored in " + folder
                    + "; the same command resumes the rest");
            lock.close();
        };
        ShutdownHookManager.get().addShutdownHook(hook, PRIORITY);
        return new Interrupt(hook);
    }

    /** The sweep ended by itself: no hook on the way out. */
    void remove() {
        try {
            ShutdownHookManager.get().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is already on its way out: the hook runs or ran
        }
    }
}
