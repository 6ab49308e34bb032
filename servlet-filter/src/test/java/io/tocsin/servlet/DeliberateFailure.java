package io.tocsin.servlet;

/**
 * An application failure a test provokes on purpose: it carries no stack trace, so that the
 * container logs it as one line instead of a trace that reads like a real failure.
 */
final class DeliberateFailure extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    DeliberateFailure(String message) {
        super(message);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this; // no trace: the test asserts what the visitor gets, not where it came from
    }
}
