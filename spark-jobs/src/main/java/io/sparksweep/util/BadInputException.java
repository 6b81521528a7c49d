package io.sparksweep.util;

/** Input the user must fix (exit 2); the base of the sweep-file, dataset and output-folder errors. */
public class BadInputException extends SweepException {

    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public int exitCode() {
        return BAD_INPUT;
    }
}
