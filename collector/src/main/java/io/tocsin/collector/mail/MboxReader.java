package io.tocsin.collector.mail;

import java.io.IOException;
import java.io.InputStream;

/**
 * Splits an mbox file into messages as it reads, one message at a time, without holding any whole
 * message in memory. A line that starts with {@code From } starts the next message; in a message,
 * a line of {@code >From }, {@code >>From }, … loses one {@code >} (the quoting of mboxrd, which
 * also undoes mboxo's single level). Lines are handled in pieces of at most 64 KiB, so a body with
 * no line breaks costs no more.
 */
final class MboxReader {

    private static final int PIECE = 64 * 1024;
    private static final byte[] FROM = {'F', 'r', 'o', 'm', ' '};

    private final InputStream in;
    // room for one piece after compaction, and as much again to read ahead
    private final byte[] buffer = new byte[2 * PIECE];
    private int length;             // bytes in the buffer
    private int next;               // where the next piece starts
    private int pieceStart;         // the current piece is buffer[pieceStart, pieceEnd)
    private int pieceEnd;
    private boolean pending;        // a piece read but not yet consumed (a separator line)
    private boolean atLineStart = true;
    private boolean eof;
    private Message current;

    MboxReader(InputStream in) {
        this.in = in;
    }

    /** Whether {@code start} (the first bytes of a file) look like an mbox. */
    static boolean looksLikeMbox(byte[] start, int length) {
        return startsWith(start, 0, length, FROM);
    }

    /** The next message, or {@code null} at the end; the previous one is skipped to its end. */
    InputStream next() throws IOException {
        if (current != null) {
            current.skipToEnd();
        }
        while (true) {
            if (!pending && !readPiece()) {
                return null;
            }
            boolean separator = atLineStart && startsWith(buffer, pieceStart, pieceEnd, FROM);
            boolean endsLine = buffer[pieceEnd - 1] == '\n';
            pending = false;
            if (separator) {
                skipRestOfLine(endsLine);
                atLineStart = true;
                current = new Message();
                return current;
            }
            atLineStart = endsLine;
            // text before the first separator is not a message: skipped
        }
    }

    private void skipRestOfLine(boolean ended) throws IOException {
        boolean done = ended;
        while (!done && readPiece()) {
            done = buffer[pieceEnd - 1] == '\n';
            pending = false;
        }
    }

    /**
     * Makes the next piece current (and pending): up to and including a line break, or
     * {@value #PIECE} bytes; false at the end of the input.
     */
    private boolean readPiece() throws IOException {
        int scan = next;
        while (true) {
            int limit = Math.min(length, next + PIECE);
            for (int i = scan; i < limit; i++) {
                if (buffer[i] == '\n') {
                    return piece(i + 1);
                }
            }
            if (limit - next == PIECE || eof && length > next) {
                return piece(limit);
            }
            if (eof) {
                return false;
            }
            scan = limit;
            if (next > 0) { // compact: the unread bytes move to the front
                System.arraycopy(buffer, next, buffer, 0, length - next);
                length -= next;
                scan -= next;
                next = 0;
            }
            int n = in.read(buffer, length, buffer.length - length);
            if (n < 0) {
                eof = true;
            } else {
                length += n;
            }
        }
    }

    private boolean piece(int end) {
        pieceStart = next;
        pieceEnd = end;
        next = end;
        pending = true;
        return true;
    }

    private static boolean startsWith(byte[] b, int off, int end, byte[] prefix) {
        if (end - off < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b[off + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** One message: the pieces up to the next separator line, unquoted. */
    private final class Message extends InputStream {
        private int pos;
        private int end;
        private boolean done;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (pos >= end && !fill()) {
                return -1;
            }
            int n = Math.min(len, end - pos);
            System.arraycopy(buffer, pos, b, off, n);
            pos += n;
            return n;
        }

        private boolean fill() throws IOException {
            if (done || current != this) {
                return false;
            }
            if (!pending && !readPiece()) {
                done = true;
                return false;
            }
            if (atLineStart && startsWith(buffer, pieceStart, pieceEnd, FROM)) {
                done = true; // the next message's separator: left pending for next()
                return false;
            }
            pos = pieceStart;
            end = pieceEnd;
            if (atLineStart) {
                int q = pos;
                while (q < end && buffer[q] == '>') {
                    q++;
                }
                if (q > pos && startsWith(buffer, q, end, FROM)) {
                    pos++; // ">From " -> "From ", ">>From " -> ">From "
                }
            }
            atLineStart = buffer[end - 1] == '\n';
            pending = false;
            return true;
        }

        void skipToEnd() throws IOException {
            while (fill()) {
                pos = end;
            }
        }
    }
}
