package io.tocsin.collector.traffic;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Lines of a log as ranges of one reused byte buffer: no {@code String} and no decoding per line.
 * Lines end at {@code \n} (a {@code \r} before it is dropped). A line longer than
 * {@link #MAX_LINE} is cut to that length and flagged {@link #overlong()}: no log format has such
 * lines, so it is counted as malformed rather than allowed to grow the buffer.
 *
 * <p>At the end of the input an unterminated rest is a line only if the caller says the input is
 * finished; a followed file keeps it until the writer completes it.
 */
final class LineReader {

    static final int MAX_LINE = 64 * 1024;

    private final InputStream in;
    private byte[] buf = new byte[256 * 1024];
    private int pos;
    private int limit;
    private boolean skipping;
    private boolean overlong;
    int lineStart;
    int lineEnd;
    long lineNumber;

    LineReader(InputStream in) {
        this.in = in;
    }

    byte[] buffer() {
        return buf;
    }

    /** Whether the current line was cut at {@link #MAX_LINE}. */
    boolean overlong() {
        return overlong;
    }

    /**
     * Moves to the next line; false at the end of what is there to read now.
     *
     * @param finished whether the input is complete, so that an unterminated rest is a line too
     */
    boolean next(boolean finished) throws IOException {
        while (true) {
            int nl = Bytes.indexOf(buf, pos, limit, (byte) '\n');
            if (nl >= 0) {
                int start = pos;
                pos = nl + 1;
                if (skipping) {
                    skipping = false;
                    continue;
                }
                lineStart = start;
                lineEnd = nl > start && buf[nl - 1] == '\r' ? nl - 1 : nl;
                overlong = false;
                lineNumber++;
                return true;
            }
            if (limit - pos >= MAX_LINE && !skipping) {
                lineStart = pos;
                lineEnd = pos + MAX_LINE;
                pos = limit;
                skipping = true;
                overlong = true;
                lineNumber++;
                return true;
            }
            if (skipping) {
                pos = limit;
            }
            if (fill() < 0) {
                if (finished && limit > pos && !skipping) {
                    lineStart = pos;
                    lineEnd = limit;
                    pos = limit;
                    overlong = false;
                    lineNumber++;
                    return true;
                }
                return false;
            }
        }
    }

    /**
     * Reads ahead, without consuming, until the buffer holds {@code lines} complete lines, {@code bytes}
     * bytes, or all that is there; the bytes from the current position up to the last complete line
     * (or to the end of a finished input).
     */
    byte[] peek(int lines, int bytes, boolean finished) throws IOException {
        boolean more = true;
        while (limit - pos < bytes && count(pos, limit) < lines) {
            if (fill() < 0) {
                more = false;
                break;
            }
        }
        int end = limit;
        if (more || !finished) {
            while (end > pos && buf[end - 1] != '\n') {
                end--;
            }
        }
        return Arrays.copyOfRange(buf, pos, end);
    }

    private int count(int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            if (buf[i] == '\n') {
                n++;
            }
        }
        return n;
    }

    /** Reads more bytes at the end of the buffer, compacting it first; -1 when nothing came. */
    private int fill() throws IOException {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            limit -= pos;
            pos = 0;
        }
        if (limit == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        int n = in.read(buf, limit, buf.length - limit);
        if (n > 0) {
            limit += n;
        }
        return n <= 0 ? -1 : n;
    }
}
