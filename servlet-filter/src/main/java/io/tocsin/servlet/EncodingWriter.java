package io.tocsin.servlet;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;

/**
 * Encodes characters to bytes as they are written, holding back at most a high surrogate whose pair
 * has not arrived yet. Unlike {@link java.io.OutputStreamWriter} it buffers nothing else, so a
 * buffer reset of the response leaves no stale characters behind. Unmappable characters become the
 * charset's replacement, as in the containers' own writers.
 */
final class EncodingWriter extends Writer {

    private final OutputStream out;
    private final CharsetEncoder encoder;
    private final byte[] chunk = new byte[4096];
    private char pendingHigh;
    private boolean hasPending;

    EncodingWriter(OutputStream out, Charset charset) {
        this.out = out;
        this.encoder = charset.newEncoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
    }

    @Override
    public void write(char[] cbuf, int off, int len) throws IOException {
        encode(CharBuffer.wrap(cbuf, off, len));
    }

    @Override
    public void write(String str, int off, int len) throws IOException {
        encode(CharBuffer.wrap(str, off, off + len));
    }

    @Override
    public void write(int c) throws IOException {
        encode(CharBuffer.wrap(new char[] {(char) c}));
    }

    private void encode(CharBuffer in) throws IOException {
        if (!in.hasRemaining()) {
            return;
        }
        if (hasPending) {
            CharBuffer joined = CharBuffer.allocate(in.remaining() + 1);
            joined.put(pendingHigh).put(in).flip();
            in = joined;
            hasPending = false;
        }
        ByteBuffer bytes = ByteBuffer.wrap(chunk);
        while (true) {
            CoderResult result = encoder.encode(in, bytes, false);
            if (bytes.position() > 0) {
                out.write(chunk, 0, bytes.position());
                bytes.clear();
            }
            if (result.isUnderflow()) {
                break;
            }
        }
        if (in.hasRemaining()) { // a high surrogate waiting for its pair
            pendingHigh = in.get();
            hasPending = true;
        }
    }

    /** Drops a held-back half character, after a buffer reset. */
    void discardPending() {
        hasPending = false;
        encoder.reset();
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        if (hasPending) {
            hasPending = false;
            ByteBuffer bytes = ByteBuffer.wrap(chunk);
            encoder.encode(CharBuffer.wrap(new char[] {pendingHigh}), bytes, true);
            encoder.flush(bytes);
            out.write(chunk, 0, bytes.position());
        }
        out.close();
    }
}
