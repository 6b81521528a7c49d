package io.sparksweep.store;

import io.sparksweep.util.BadInputException;

/** The output folder cannot be used: not a folder, not writable, held by another driver, unreadable results. */
public class OutputException extends BadInputException {

    public OutputException(String message) {
        super(message);
    }

    public OutputException(String message, Throwable cause) {
        super(message, cause);
    }
}
