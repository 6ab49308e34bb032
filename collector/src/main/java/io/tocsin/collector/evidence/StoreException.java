package io.tocsin.collector.evidence;

/** The evidence store failed: cannot be opened, read or written. The message names the store. */
public final class StoreException extends RuntimeException {

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
