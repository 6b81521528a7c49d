package io.sparksweep.store;

/** Stored results this version cannot read (another schema version, a column of another type); the message says what to do. */
public final class IncompatibleOutputException extends OutputException {
    public IncompatibleOutputException(String message) {
        super(message);
    }
}
