package io.tocsin.core.feed;

import io.tocsin.core.SourceContext;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Where a feed comes from: a file or an http(s) URL. Used by one loading thread at a time. */
abstract class FeedOrigin {

    /** What one fetch gave. */
    sealed interface Fetched {
    }

    /** The feed has not changed since the last fetch (same file time and size, or HTTP 304). */
    record NotModified() implements Fetched {
    }

    /** The feed's content, read and parsed. */
    record Content(FeedParser.Result result) implements Fetched {
    }

    /** A feed that could not be fetched; the message says why, for operators. */
    static final class FetchException extends Exception {
        private static final long serialVersionUID = 1L;

        FetchException(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Fetches and parses the feed if it changed.
     *
     * @throws FetchException when it cannot be read, or is bigger than allowed
     */
    abstract Fetched fetch() throws FetchException;

    /** Takes what the checker lends (an HTTP origin: its HTTP client); called before the first fetch. */
    void start(SourceContext context) {
    }

    /** Stops a fetch in progress, if it can; the source is closing. */
    void close() {
    }

    /** The content last fetched was accepted: later fetches compare against it. */
    abstract void accepted();

    /** The file path or URL, for messages. */
    abstract String describe();

    /** Passes bytes through, failing once more than {@code max} have been read. */
    static final class CappedInputStream extends FilterInputStream {
        private final long max;
        private volatile long count; // read by a download's deadline, on the checker's scheduler

        CappedInputStream(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        /** Bytes read so far. */
        long count() {
            return count;
        }

        private void count(int n) throws IOException {
            count += n;
            if (count > max) {
                throw new TooLargeException();
            }
        }
    }

    /** Thrown by {@link CappedInputStream}. */
    static final class TooLargeException extends IOException {
        private static final long serialVersionUID = 1L;
    }
}
