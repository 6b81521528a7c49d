package io.sparksweep.data;

/** A dataset that is missing, unreadable or corrupt. The message says which file and what is wrong. */
public class DatasetException extends RuntimeException {
    public DatasetException(String message) {
        super(message);
    }

    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}
