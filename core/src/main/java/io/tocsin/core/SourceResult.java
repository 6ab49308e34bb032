package io.tocsin.core;

import java.util.Objects;

/** What one source answered for one address: listed, not listed, or failed. Never thrown. */
public sealed interface SourceResult {

    /** The shared "not listed" answer. */
    NotListed NOT_LISTED = new NotListed();

    static SourceResult listed(Listing listing) {
        return new Listed(listing);
    }

    static SourceResult failed(Failure kind, String message) {
        return new Failed(kind, message);
    }

    /** The outcome as the {@link Listener} reports it. */
    Outcome outcome();

    /** The source lists the address. */
    record Listed(Listing listing) implements SourceResult {
        public Listed {
            Objects.requireNonNull(listing, "listing");
        }

        @Override
        public Outcome outcome() {
            return Outcome.LISTED;
        }
    }

    /** The source answered, and does not list the address. */
    record NotListed() implements SourceResult {
        @Override
        public Outcome outcome() {
            return Outcome.CLEAN;
        }
    }

    /**
     * The source gave no usable answer. {@code message} is for operators: it names what went wrong
     * and never holds the visitor's address.
     */
    record Failed(Failure kind, String message) implements SourceResult {
        public Failed {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(message, "message");
        }

        @Override
        public Outcome outcome() {
            return kind == Failure.TIMEOUT ? Outcome.TIMEOUT : Outcome.ERROR;
        }
    }

    /** Why a source gave no answer. */
    enum Failure {
        /** No answer in time. */
        TIMEOUT,
        /** An answer that cannot be used: a server failure, a refusal, garbage, an error code. */
        ERROR,
        /** The source is suspended by its health check, or not yet verified; it was not asked. */
        SUSPENDED,
        /** The source is busy (a cap on in-flight queries or on its query rate); it was not asked. */
        OVERLOADED
    }
}
