package io.sparksweep.store;

/** Stored results this version cannot read (a column changed type); the message says what to do. */
public final class IncompatibleOutputException extends RuntimeException {
    public IncompatibleOutputException(String message) {
        super(message);
    }
}
