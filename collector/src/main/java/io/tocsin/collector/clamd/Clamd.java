package io.tocsin.collector.clamd;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A clamd daemon, reached at {@code HOST:PORT} or {@code unix:PATH}, that scans streams with the
 * {@code INSTREAM} command: {@code zINSTREAM\0}, then chunks of a 4-byte big-endian length and the
 * bytes, a zero-length chunk at the end, and one NUL-terminated reply line
 * ({@code stream: OK}, {@code stream: NAME FOUND}, or {@code … ERROR}).
 *
 * <p>Each scan has a deadline covering connecting, sending and the reply: when it passes, a
 * watchdog closes the connection, so a clamd that hangs or trickles can never hold a message (or
 * an MTA's pipe) for longer.
 */
public final class Clamd {

    private static final int CHUNK = 64 * 1024;
    private static final int MAX_REPLY = 4096;

    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "tocsin-clamd-watchdog");
        t.setDaemon(true);
        return t;
    });

    private final String spec;
    private final SocketAddress address;
    private final Duration timeout;

    private Clamd(String spec, SocketAddress address, Duration timeout) {
        this.spec = spec;
        this.address = address;
        this.timeout = timeout;
    }

    /**
     * clamd at {@code spec}: {@code HOST:PORT}, {@code [IPV6]:PORT} or {@code unix:PATH}.
     *
     * @throws IllegalArgumentException naming {@code spec} if it is neither
     */
    public static Clamd at(String spec, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        String s = spec.trim();
        if (s.startsWith("unix:")) {
            String path = s.substring(5);
            if (path.isEmpty()) {
                throw new IllegalArgumentException("\"" + spec + "\" names no socket path (unix:/run/clamav/clamd.ctl)");
            }
            return new Clamd(s, UnixDomainSocketAddress.of(Path.of(path)), timeout);
        }
        int colon = s.lastIndexOf(':');
        if (colon <= 0 || colon == s.length() - 1) {
            throw new IllegalArgumentException("\"" + spec + "\" is not HOST:PORT or unix:PATH (e.g. 127.0.0.1:3310)");
        }
        String host = s.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(s.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("\"" + spec + "\" has no valid port (1-65535)");
        }
        return new Clamd(s, InetSocketAddress.createUnresolved(host, port), timeout);
    }

    /**
     * Sends everything {@code in} holds to clamd and returns its answer; {@code in} is read to its end
     * unless clamd fails first.
     *
     * @throws ClamdException naming clamd when it cannot be reached, does not answer in time, or
     *     answers with an error
     * @throws IOException if reading {@code in} fails
     */
    public ClamdAnswer scan(InputStream in) throws IOException {
        AtomicBoolean timedOut = new AtomicBoolean();
        SocketChannel channel;
        try {
            channel = address instanceof UnixDomainSocketAddress
                    ? SocketChannel.open(StandardProtocolFamily.UNIX)
                    : SocketChannel.open();
        } catch (IOException e) {
            throw new ClamdException("clamd " + spec + ": cannot open a socket: " + e.getMessage(), e);
        }
        ScheduledFuture<?> watchdog = WATCHDOG.schedule(() -> {
            timedOut.set(true);
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing to interrupt: nothing more to do
            }
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        try (channel) {
            SocketAddress target = address instanceof InetSocketAddress unresolved && unresolved.isUnresolved()
                    ? new InetSocketAddress(unresolved.getHostString(), unresolved.getPort())
                    : address;
            channel.connect(target);
            OutputStream out = Channels.newOutputStream(channel);
            out.write("zINSTREAM\0".getBytes(StandardCharsets.US_ASCII));
            byte[] buffer = new byte[CHUNK];
            byte[] length = new byte[4];
            boolean inputDone = false;
            while (!inputDone) {
                int filled = 0;
                while (filled < CHUNK) {
                    int n;
                    try {
                        n = in.read(buffer, filled, CHUNK - filled);
                    } catch (IOException e) {
                        throw new InputFailed(e);
                    }
                    if (n < 0) {
                        inputDone = true;
                        break;
                    }
                    filled += n;
                }
                if (filled > 0) {
                    writeLength(length, filled);
                    out.write(length);
                    out.write(buffer, 0, filled);
                }
            }
            writeLength(length, 0);
            out.write(length);
            return parse(readReply(channel));
        } catch (InputFailed e) {
            throw e.input;
        } catch (ClamdException e) {
            throw e;
        } catch (IOException e) {
            if (timedOut.get()) {
                throw new ClamdException("clamd " + spec + " did not answer within " + timeout.toMillis() + " ms");
            }
            throw new ClamdException("clamd " + spec + " is unreachable or failed: " + e, e);
        } finally {
            watchdog.cancel(false);
        }
    }

    /** Wraps a failure of the message stream, which is not clamd's fault. */
    private static final class InputFailed extends IOException {
        final IOException input;

        InputFailed(IOException input) {
            this.input = input;
        }
    }

    private static void writeLength(byte[] b, int n) {
        b[0] = (byte) (n >>> 24);
        b[1] = (byte) (n >>> 16);
        b[2] = (byte) (n >>> 8);
        b[3] = (byte) n;
    }

    private String readReply(SocketChannel channel) throws IOException {
        ByteBuffer reply = ByteBuffer.allocate(MAX_REPLY);
        while (reply.hasRemaining()) {
            int n = channel.read(reply);
            if (n < 0) {
                break;
            }
            byte[] a = reply.array();
            for (int i = 0; i < reply.position(); i++) {
                if (a[i] == 0) {
                    return new String(a, 0, i, StandardCharsets.US_ASCII);
                }
            }
        }
        if (reply.position() == 0) {
            throw new ClamdException("clamd " + spec + " closed the connection without an answer");
        }
        return new String(reply.array(), 0, reply.position(), StandardCharsets.US_ASCII).strip();
    }

    private ClamdAnswer parse(String reply) throws ClamdException {
        String r = reply.strip();
        if (r.startsWith("stream:")) {
            r = r.substring("stream:".length()).strip();
        }
        if (r.equals("OK")) {
            return new ClamdAnswer(false, null);
        }
        if (r.endsWith(" FOUND")) {
            return new ClamdAnswer(true, r.substring(0, r.length() - " FOUND".length()).strip());
        }
        throw new ClamdException("clamd " + spec + " answered with an error: " + r);
    }

    @Override
    public String toString() {
        return "clamd " + spec;
    }
}
