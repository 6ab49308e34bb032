package io.tocsin.collector.clamd;

import java.io.IOException;

/** clamd could not give an answer: down, too slow, or it answered with an error. The message names clamd's address. */
public final class ClamdException extends IOException {

    public ClamdException(String message) {
        super(message);
    }

    public ClamdException(String message, Throwable cause) {
        super(message, cause);
    }
}
