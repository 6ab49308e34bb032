package io.tocsin.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A UDP relay in front of a DNS server (e.g. {@link Rbldnsd}) on a free loopback port, that counts
 * the queries passing through by name: how many queries a list operator would have seen.
 */
public final class DnsRelay implements AutoCloseable {

    private final DatagramSocket front;
    private final InetSocketAddress server;
    private final Map<String, AtomicInteger> byName = new ConcurrentHashMap<>();
    private final Map<Integer, SocketAddress> clients = new ConcurrentHashMap<>();
    private final DatagramSocket back;
    private final Thread up;
    private final Thread down;

    private DnsRelay(InetSocketAddress server) throws SocketException {
        this.server = server;
        this.front = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.back = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.up = new Thread(this::relayQueries, "dns-relay-up");
        this.down = new Thread(this::relayAnswers, "dns-relay-down");
        up.setDaemon(true);
        down.setDaemon(true);
        up.start();
        down.start();
    }

    /** A relay to {@code server}. */
    public static DnsRelay to(InetSocketAddress server) {
        try {
            return new DnsRelay(server);
        } catch (SocketException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The value for {@code tocsin.sources.NAME.servers}: {@code 127.0.0.1:PORT} of the relay. */
    public String servers() {
        return "127.0.0.1:" + front.getLocalPort();
    }

    /** How many queries for {@code name} (lower case, no trailing dot) went through. */
    public int queries(String name) {
        AtomicInteger n = byName.get(name.toLowerCase(java.util.Locale.ROOT));
        return n == null ? 0 : n.get();
    }

    /** How many queries for each name went through, by name. */
    public Map<String, Integer> queries() {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        byName.forEach((name, n) -> counts.put(name, n.get()));
        return counts;
    }

    private void relayQueries() {
        byte[] buffer = new byte[4096];
        while (!front.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                front.receive(packet);
                byte[] query = Arrays.copyOf(packet.getData(), packet.getLength());
                if (query.length < 12) {
                    continue;
                }
                int id = ((query[0] & 0xff) << 8) | (query[1] & 0xff);
                clients.put(id, packet.getSocketAddress());
                byName.computeIfAbsent(name(query), k -> new AtomicInteger()).incrementAndGet();
                back.send(new DatagramPacket(query, query.length, server));
            } catch (IOException e) {
                // closed, or one bad packet
            }
        }
    }

    private void relayAnswers() {
        byte[] buffer = new byte[4096];
        while (!back.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                back.receive(packet);
                if (packet.getLength() < 12) {
                    continue;
                }
                int id = ((buffer[0] & 0xff) << 8) | (buffer[1] & 0xff);
                SocketAddress client = clients.remove(id);
                if (client != null) {
                    front.send(new DatagramPacket(packet.getData(), packet.getLength(), client));
                }
            } catch (IOException e) {
                // closed, or one bad packet
            }
        }
    }

    /** The question's name, lower case, without the trailing dot. */
    private static String name(byte[] query) {
        StringBuilder name = new StringBuilder();
        int i = 12;
        while (i < query.length && query[i] != 0) {
            int length = query[i] & 0xff;
            if (name.length() > 0) {
                name.append('.');
            }
            name.append(new String(query, i + 1, Math.min(length, query.length - i - 1), java.nio.charset.StandardCharsets.US_ASCII));
            i += length + 1;
        }
        return name.toString().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public void close() {
        front.close();
        back.close();
    }
}
