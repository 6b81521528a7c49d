package io.sparksweep.data;

import io.sparksweep.util.BadInputException;

/** A dataset that is missing, unreadable or corrupt. The message says which file and what is wrong. */
public class DatasetException extends BadInputException {
    public DatasetException(String message) {
        super(message);
    }

    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}
