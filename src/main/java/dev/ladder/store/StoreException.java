package dev.ladder.store;

/** A store could not do what it was asked: the database is unreadable, full, locked too long, or newer than us. */
public final class StoreException extends RuntimeException {

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
