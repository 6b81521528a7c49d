package io.sparksweep.driver;

import io.sparksweep.store.OutputLock;

import org.apache.hadoop.util.ShutdownHookManager;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;

import java.io.PrintStream;
import java.util.function.IntSupplier;

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
    private volatile IntSupplier stored; // trials of the sweep stored so far, once the run knows
    private volatile int total;

    private Interrupt(Runnable hook) {
        this.hook = hook;
    }

    /** Whether the JVM is shutting down because a sweep was interrupted: the error it causes is not news. */
    static boolean happened() {
        return interrupted;
    }

    /** Installs the hook for a sweep writing {@code folder} under {@code lock}; close() takes it away. */
    static Interrupt during(String folder, OutputLock lock, PrintStream err) {
        Interrupt[] self = new Interrupt[1];
        Runnable hook = () -> {
            interrupted = true;
            err.println("interrupted: " + self[0].kept() + " in " + folder + "; run the same command to continue");
            lock.close();
            quietLogs();
        };
        self[0] = new Interrupt(hook);
        ShutdownHookManager.get().addShutdownHook(hook, PRIORITY);
        return self[0];
    }

    /** From here on the line counts the stored trials: {@code stored} of {@code total}. */
    void counting(IntSupplier stored, int total) {
        this.total = total;
        this.stored = stored;
    }

    private String kept() {
        IntSupplier s = stored;
        return s == null ? "the trials finished so far are stored" : s.getAsInt() + " of " + total + " trials stored";
    }

    /**
     * After the line, Spark's errors about its own shutdown (a task finishing after its SparkEnv
     * stopped) are not news, unless --verbose asked for Spark's logs.
     */
    private static void quietLogs() {
        if (!LogManager.getRootLogger().isInfoEnabled()) {
            Configurator.setAllLevels(LogManager.ROOT_LOGGER_NAME, Level.OFF);
        }
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
