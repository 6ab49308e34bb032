package io.tocsin.core.dnsbl;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.Message;
import org.xbill.DNS.io.DefaultIoClientFactory;
import org.xbill.DNS.io.IoClientFactory;
import org.xbill.DNS.io.TcpIoClient;
import org.xbill.DNS.io.UdpIoClient;

/**
 * A UDP transport for dnsjava that keeps many queries outstanding on a few long-lived sockets,
 * matching answers to queries by message ID and question.
 *
 * <p>Why: dnsjava's default client opens, binds, connects and registers a new socket for every
 * query, which caps a busy DNSBL source at a few thousand lookups a second (see
 * {@code benchmarks/.../ColdLookups}); a DNSBL source sends thousands of small queries to one or two
 * servers, which is what a multiplexed transport is for.
 *
 * <p>Spoofing: a forged answer must match a random 16-bit ID, the question, and the socket's random
 * source port, and every socket is retired after {@value #QUERIES_PER_SOCKET} queries so that its
 * port cannot be learnt and reused for long.
 *
 * <p>Threads: one reader per socket, ended (and waited for) by {@link #close()}; timeouts run on the
 * scheduler the checker lends ({@link #start}). TCP, for truncated answers, goes through dnsjava's
 * own client, whose NIO selector thread is a static of dnsjava: the last transport to close stops
 * it, so that no thread outlives the checkers of a webapp (dnsjava starts it again on next use).
 */
final class MultiplexedUdpClient implements UdpIoClient, AutoCloseable {

    static final int QUERIES_PER_SOCKET = 10_000;
    private static final int SOCKETS_PER_SERVER = 2;
    private static final int MAX_ANSWER = 65_535;
    /**
     * At most this many queries wait for an answer from one server at once, across every transport
     * (every DNSBL source) of this class loader; the rest wait their turn, in order. Without it, six
     * sources asking one server for a burst of visitors overflowed the server's receive buffer (the
     * kernel's {@code RcvbufErrors}) and each lost query cost a whole timeout
     * ({@code benchmarks/.../SourceScaling}). 64 small queries fit the default 208 KiB receive buffer
     * of a server socket on Linux (each datagram is counted with its kernel overhead, up to about
     * 2 KiB on loopback); at 20 ms round trip it still allows over 3,000 queries a second per server.
     */
    static final int MAX_OUTSTANDING_PER_SERVER = 64;
    /** The receive buffer asked for on each socket (the kernel caps it at {@code net.core.rmem_max}). */
    static final int RECEIVE_BUFFER = 1 << 20;
    /** A query still unanswered after this (or a quarter of its timeout, if shorter) is sent once more. */
    static final Duration RETRY_AFTER = Duration.ofMillis(250);
    /** The pacing of each server, by address; a few small objects for the servers ever asked. */
    private static final Map<InetSocketAddress, Pacing> PACING = new ConcurrentHashMap<>();

    /** How long {@link #close()} waits for each reader thread to end. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(2);
    /** Transports not yet closed, in this class loader; the last one to close stops dnsjava's selector. */
    private static final AtomicInteger OPEN = new AtomicInteger();
    /** Whether a TCP query may have started dnsjava's NIO selector thread since it was last stopped. */
    private static final AtomicBoolean NIO_USED = new AtomicBoolean();

    private final Map<InetSocketAddress, Sockets> servers = new ConcurrentHashMap<>();
    private volatile ScheduledExecutorService timer;
    private volatile boolean closed;

    /** A transport that answers nothing until {@link #start started}. */
    MultiplexedUdpClient() {
        OPEN.incrementAndGet();
    }

    /** A started transport, for tests. */
    MultiplexedUdpClient(ScheduledExecutorService timer) {
        this();
        start(timer);
    }

    /** Times queries out on {@code timer}, lent (and shut down) by the checker. */
    void start(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    /** A factory that hands dnsjava this client for UDP, and dnsjava's own client for TCP. */
    IoClientFactory factory() {
        TcpIoClient nio = new DefaultIoClientFactory().createOrGetTcpClient();
        TcpIoClient tcp = (local, remote, query, data, timeout) -> {
            NIO_USED.set(true);
            return nio.sendAndReceiveTcp(local, remote, query, data, timeout);
        };
        return new IoClientFactory() {
            @Override
            public TcpIoClient createOrGetTcpClient() {
                return tcp;
            }

            @Override
            public UdpIoClient createOrGetUdpClient() {
                return MultiplexedUdpClient.this;
            }
        };
    }

    @Override
    public CompletableFuture<byte[]> sendAndReceiveUdp(InetSocketAddress local, InetSocketAddress remote, Message query,
                                                       byte[] data, int max, Duration timeout) {
        if (closed) {
            return CompletableFuture.failedFuture(new ClosedChannelException());
        }
        if (timer == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("the DNS transport is not started"));
        }
        try {
            return servers.computeIfAbsent(remote, Sockets::new).send(data, timeout);
        } catch (IOException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Opens the sockets to {@code remote}, and starts their readers, before a first query needs them. */
    void open(InetSocketAddress remote) throws IOException {
        if (closed) {
            return;
        }
        Sockets sockets = servers.computeIfAbsent(remote, Sockets::new);
        for (int slot = 0; slot < SOCKETS_PER_SERVER; slot++) {
            sockets.current(slot);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        servers.values().forEach(Sockets::close);
        servers.values().forEach(Sockets::awaitReaders);
        servers.clear();
        if (OPEN.decrementAndGet() == 0 && NIO_USED.getAndSet(false)) {
            org.xbill.DNS.NioClient.close();
        }
    }

    /** The sockets talking to one server. */
    private final class Sockets {
        private final InetSocketAddress remote;
        private final Channel[] channels = new Channel[SOCKETS_PER_SERVER];
        private final AtomicInteger next = new AtomicInteger();
        private final Pacing pacing;

        Sockets(InetSocketAddress remote) {
            this.remote = remote;
            this.pacing = PACING.computeIfAbsent(remote, r -> new Pacing());
        }

        CompletableFuture<byte[]> send(byte[] data, Duration timeout) throws IOException {
            int id = ((data[0] & 0xFF) << 8) | (data[1] & 0xFF);
            for (int attempt = 0; attempt < SOCKETS_PER_SERVER * 2; attempt++) {
                int slot = Math.floorMod(next.getAndIncrement(), SOCKETS_PER_SERVER);
                Channel channel = current(slot);
                CompletableFuture<byte[]> answer = channel.send(id, data, timeout, pacing);
                if (answer != null) {
                    return answer;
                }
            }
            throw new IOException("DNS message ID " + id + " is already in use on every socket to " + remote);
        }

        /** The live channel in {@code slot}, replaced when it has sent its share of queries. */
        private synchronized Channel current(int slot) throws IOException {
            Channel channel = channels[slot];
            if (channel == null || channel.retiring()) {
                if (channel != null) {
                    channel.retire();
                }
                channel = new Channel(remote);
                channels[slot] = channel;
            }
            return channel;
        }

        synchronized void close() {
            for (Channel channel : channels) {
                if (channel != null) {
                    channel.closeNow();
                }
            }
        }

        /** Waits (a little) for the reader threads of the sockets just closed. */
        void awaitReaders() {
            Channel[] current;
            synchronized (this) {
                current = channels.clone();
            }
            for (Channel channel : current) {
                if (channel != null) {
                    channel.awaitReader();
                }
            }
        }
    }

    /** One connected socket, its reader thread, and the queries waiting on it. */
    private final class Channel {
        private final InetSocketAddress remote;
        private final DatagramChannel socket;
        private final Map<Integer, Pending> pending = new ConcurrentHashMap<>();
        private final AtomicInteger sent = new AtomicInteger();
        private final Thread reader;
        private volatile boolean retired;

        Channel(InetSocketAddress remote) throws IOException {
            this.remote = remote;
            socket = DatagramChannel.open();
            try {
                socket.setOption(StandardSocketOptions.SO_RCVBUF, RECEIVE_BUFFER);
            } catch (IOException | UnsupportedOperationException e) {
                // the system's default buffer then
            }
            socket.bind(null); // an ephemeral port, chosen at random by the operating system
            socket.connect(remote);
            reader = new Thread(this::readLoop, "tocsin-dns-reader");
            reader.setDaemon(true);
            reader.start();
        }

        void awaitReader() {
            try {
                reader.join(STOP_WAIT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Whether to replace this channel: it sent its share, or an error (an ICMP port unreachable) closed it. */
        boolean retiring() {
            return retired || sent.get() >= QUERIES_PER_SOCKET;
        }

        /**
         * Sends a query when the server's {@link Pacing} lets it, or returns {@code null} if its ID is
         * already waiting on this socket. The timeout counts from now, waiting turn included; a query
         * unanswered after {@link #RETRY_AFTER} (or a quarter of the timeout) is sent once more.
         */
        CompletableFuture<byte[]> send(int id, byte[] data, Duration timeout, Pacing pacing) {
            Pending p = new Pending(data, this, pacing);
            if (pending.putIfAbsent(id, p) != null) {
                return null;
            }
            sent.incrementAndGet();
            long timeoutNanos = timeout.toNanos();
            p.deadline = System.nanoTime() + timeoutNanos;
            try {
                p.timeout = timer.schedule(() -> onTimer(id, p), Math.min(RETRY_AFTER.toNanos(), timeoutNanos / 4),
                        TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                pending.remove(id, p); // the checker is closing
                p.answer.completeExceptionally(new ClosedChannelException());
                return p.answer;
            }
            pacing.submit(p);
            return p.answer;
        }

        /**
         * The query's one timer: first at the retry time, when a query sent and still unanswered goes
         * out once more; then at its deadline, when it times out.
         */
        private void onTimer(int id, Pending p) {
            long left = p.deadline - System.nanoTime();
            if (left > 0 && pending.get(id) == p) {
                if (!p.retried && p.sent()) {
                    p.retried = true;
                    transmit(p);
                }
                try {
                    p.timeout = timer.schedule(() -> onTimer(id, p), left, TimeUnit.NANOSECONDS);
                    return;
                } catch (RejectedExecutionException e) {
                    // the checker is closing: time out now
                }
            }
            if (pending.remove(id, p)) {
                p.finish();
                p.answer.completeExceptionally(new SocketTimeoutException("Query timed out"));
                closeIfDrained();
            }
        }

        /** Puts {@code p} on the wire; its turn has come (first send) or its retry is due. */
        void transmit(Pending p) {
            try {
                socket.write(ByteBuffer.wrap(p.query));
            } catch (IOException e) {
                int id = ((p.query[0] & 0xFF) << 8) | (p.query[1] & 0xFF);
                if (pending.remove(id, p)) {
                    p.finish();
                    p.timeout.cancel(false);
                    p.answer.completeExceptionally(refusedBy(e));
                }
            }
        }

        private void readLoop() {
            ByteBuffer buffer = ByteBuffer.allocate(MAX_ANSWER);
            while (socket.isOpen()) {
                buffer.clear();
                try {
                    socket.read(buffer);
                } catch (IOException e) {
                    // closed, or an ICMP port unreachable: fail what waits on this socket, then stop
                    failAll(e);
                    return;
                }
                buffer.flip();
                if (buffer.remaining() < 12) {
                    continue; // not a DNS message
                }
                byte[] answer = new byte[buffer.remaining()];
                buffer.get(answer);
                int id = ((answer[0] & 0xFF) << 8) | (answer[1] & 0xFF);
                Pending p = pending.get(id);
                if (p == null || !sameQuestion(p.query, answer) || !pending.remove(id, p)) {
                    continue; // late, duplicate or forged: ignore, the real answer or the timeout will come
                }
                p.finish();
                p.timeout.cancel(false);
                p.answer.complete(answer);
                closeIfDrained();
            }
        }

        private void failAll(IOException error) {
            IOException e = refusedBy(error);
            for (Map.Entry<Integer, Pending> entry : pending.entrySet()) {
                if (pending.remove(entry.getKey(), entry.getValue())) {
                    entry.getValue().finish();
                    entry.getValue().timeout.cancel(false);
                    entry.getValue().answer.completeExceptionally(e);
                }
            }
            retired = true;
            closeNow();
        }

        /**
         * An ICMP port unreachable, which the JDK reports without naming the server, as an exception
         * that does: the operator needs to know which configured server has nothing on its port.
         */
        private IOException refusedBy(IOException e) {
            if (!(e instanceof PortUnreachableException)) {
                return e;
            }
            String host = remote.getAddress().getHostAddress();
            String server = host.contains(":") ? "[" + host + "]:" + remote.getPort() : host + ":" + remote.getPort();
            PortUnreachableException named = new PortUnreachableException("connection refused by " + server);
            named.initCause(e);
            return named;
        }

        void retire() {
            retired = true;
            closeIfDrained();
        }

        private void closeIfDrained() {
            if (retired && pending.isEmpty()) {
                closeNow();
            }
        }

        void closeNow() {
            try {
                socket.close();
            } catch (IOException e) {
                // closing a datagram socket does not fail in practice
            }
            failAllQuietly();
        }

        private void failAllQuietly() {
            for (Map.Entry<Integer, Pending> entry : pending.entrySet()) {
                if (pending.remove(entry.getKey(), entry.getValue())) {
                    entry.getValue().finish();
                    entry.getValue().timeout.cancel(false);
                    entry.getValue().answer.completeExceptionally(new ClosedChannelException());
                }
            }
        }
    }

    /** A query waiting for its turn or for its answer. */
    private final class Pending {
        private static final int QUEUED = 0;
        private static final int SENT = 1;
        private static final int DONE = 2;

        final byte[] query;
        final CompletableFuture<byte[]> answer = new CompletableFuture<>();
        final Channel channel;
        final Pacing pacing;
        volatile ScheduledFuture<?> timeout;
        volatile long deadline;
        volatile boolean retried;
        private final AtomicInteger phase = new AtomicInteger(QUEUED);

        Pending(byte[] query, Channel channel, Pacing pacing) {
            this.query = query;
            this.channel = channel;
            this.pacing = pacing;
        }

        /** Its turn: sends it unless it ended while waiting; false then (the turn goes to the next). */
        boolean start() {
            if (!phase.compareAndSet(QUEUED, SENT)) {
                return false;
            }
            channel.transmit(this);
            return true;
        }

        boolean sent() {
            return phase.get() == SENT;
        }

        /** Answered, timed out or failed: gives its turn back, once. */
        void finish() {
            if (phase.getAndSet(DONE) == SENT) {
                pacing.release();
            }
        }
    }

    /**
     * The turns of the queries to one server: at most {@link #MAX_OUTSTANDING_PER_SERVER} sent and
     * unanswered at once, the rest waiting in order. A query that ended while it waited gives its turn
     * straight to the next.
     */
    private static final class Pacing {
        private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
        private int outstanding;

        void submit(Pending p) {
            synchronized (this) {
                if (outstanding >= MAX_OUTSTANDING_PER_SERVER) {
                    waiting.add(p);
                    return;
                }
                outstanding++;
            }
            if (!p.start()) {
                release();
            }
        }

        /** One query gave its turn back: the next waiting one that has not ended gets it. */
        void release() {
            while (true) {
                Pending next;
                synchronized (this) {
                    next = waiting.poll();
                    if (next == null) {
                        outstanding--;
                        return;
                    }
                }
                if (next.start()) {
                    return;
                }
            }
        }
    }

    /**
     * Whether {@code answer} repeats the question section of {@code query} (RFC 5452 section 9.1):
     * the same question count and the same bytes after the header, name case ignored.
     */
    static boolean sameQuestion(byte[] query, byte[] answer) {
        if (answer.length < 12 || query[4] != answer[4] || query[5] != answer[5]) {
            return false;
        }
        int end = questionEnd(query);
        if (end < 0 || answer.length < end) {
            return false;
        }
        for (int i = 12; i < end; i++) {
            if (Character.toLowerCase((char) (query[i] & 0xFF)) != Character.toLowerCase((char) (answer[i] & 0xFF))) {
                return false;
            }
        }
        return true;
    }

    /** The offset just past the question section of a query we built (uncompressed names), or -1. */
    private static int questionEnd(byte[] message) {
        int count = ((message[4] & 0xFF) << 8) | (message[5] & 0xFF);
        int i = 12;
        for (int q = 0; q < count; q++) {
            while (i < message.length && message[i] != 0) {
                int length = message[i] & 0xFF;
                if (length > 63) {
                    return -1;
                }
                i += length + 1;
            }
            i += 5; // the root label, then type and class
            if (i > message.length) {
                return -1;
            }
        }
        return i;
    }

    @Override
    public String toString() {
        List<String> names = new ArrayList<>();
        servers.keySet().forEach(s -> names.add(s.toString()));
        return "MultiplexedUdpClient" + Arrays.toString(names.toArray());
    }
}
