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
    private final byte[] buffer = new byte[PIECE];
    private int pieceLength = -1;   // a piece read but not yet consumed (a separator line), or -1
    private boolean atLineStart = true;
    private boolean eof;
    private Message current;

    MboxReader(InputStream in) {
        this.in = in.markSupported() ? in : new java.io.BufferedInputStream(in, PIECE);
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
            if (pieceLength < 0 && !readPiece()) {
                return null;
            }
            boolean separator = atLineStart && startsWith(buffer, 0, pieceLength, FROM);
            boolean endsLine = pieceLength > 0 && buffer[pieceLength - 1] == '\n';
            pieceLength = -1;
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
            done = buffer[pieceLength - 1] == '\n';
            pieceLength = -1;
        }
    }

    /** Reads the next piece: up to and including a line break, or {@value #PIECE} bytes. */
    private boolean readPiece() throws IOException {
        if (eof) {
            return false;
        }
        int n = 0;
        while (n < PIECE) {
            int c = in.read();
            if (c < 0) {
                eof = true;
                break;
            }
            buffer[n++] = (byte) c;
            if (c == '\n') {
                break;
            }
        }
        pieceLength = n;
        if (n == 0) {
            pieceLength = -1;
            return false;
        }
        return true;
    }

    private static boolean startsWith(byte[] b, int off, int len, byte[] prefix) {
        if (len - off < prefix.length) {
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
            if (pieceLength < 0 && !readPiece()) {
                done = true;
                return false;
            }
            if (atLineStart && startsWith(buffer, 0, pieceLength, FROM)) {
                done = true; // the next message's separator: left for next()
                return false;
            }
            pos = 0;
            end = pieceLength;
            if (atLineStart) {
                int q = 0;
                while (q < end && buffer[q] == '>') {
                    q++;
                }
                if (q > 0 && startsWith(buffer, q, end, FROM)) {
                    pos = 1; // ">From " -> "From ", ">>From " -> ">From "
                }
            }
            atLineStart = buffer[end - 1] == '\n';
            pieceLength = -1;
            return true;
        }

        void skipToEnd() throws IOException {
            while (fill()) {
                pos = end;
            }
        }
    }
}
