package io.sparksweep.util;

/**
 * Input the user must fix that is not the sweep file's text or the dataset's bytes: a trial id not in
 * the plan, an unreachable Spark master, a folder that is not a sweep's output. Exit code 2.
 */
public final class RefusedException extends BadInputException {

    /** @param message the one line shown after "error: " */
    public RefusedException(String message) {
        super(message);
    }
}
