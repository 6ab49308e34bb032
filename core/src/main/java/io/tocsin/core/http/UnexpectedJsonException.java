package io.tocsin.core.http;

/**
 * A JSON answer of the wrong shape: a field missing, or of the wrong type. Thrown by a
 * {@link JsonDecoder}, turned into an error result by {@link JsonEndpoint}; never leaves a source.
 */
public final class UnexpectedJsonException extends Exception {

    private static final long serialVersionUID = 1L;

    public UnexpectedJsonException(String message) {
        super(message, null, false, false);
    }
}
