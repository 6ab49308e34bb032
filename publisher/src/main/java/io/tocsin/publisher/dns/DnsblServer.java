package io.tocsin.publisher.dns;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.tocsin.core.Checker;
import io.tocsin.core.ip.IpAddress;
import io.tocsin.publisher.guard.PublicationGuard;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Message;

/**
 * The live meta-list: a DNSBL server on UDP and TCP (one port) answering with the combined verdict
 * of a {@link Checker} ({@link DnsblResponder} decides each answer).
 *
 * <p>UDP answers fit what the client offers: 512 bytes without EDNS, its EDNS payload size (at most
 * 1232) with it; a longer answer is cut at a record set and sent with TC set, so the client asks
 * again over TCP (RFC 7766), where answers go whole. UDP responses are rate-limited per client network
 * ({@link ClientRateLimiter}); TCP connections are capped in number and closed when idle, and may
 * carry many queries, answered as each verdict is ready (out of order, as RFC 7766 allows).
 *
 * <p>The network threads are the server's own and end with {@link #close()}; the checker stays the
 * caller's.
 */
public final class DnsblServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DnsblServer.class);
    private static final int TCP_MAX_MESSAGE = 65535;

    private final EventLoopGroup group;
    private final Channel udp;
    private final Channel tcp;
    private final InetSocketAddress address;
    private final Statistics statistics;

    private DnsblServer(EventLoopGroup group, Channel udp, Channel tcp, Statistics statistics) {
        this.group = group;
        this.udp = udp;
        this.tcp = tcp;
        this.address = (InetSocketAddress) udp.localAddress();
        this.statistics = statistics;
    }

    /**
     * Binds UDP and TCP on {@code bind}:{@code port} (0 for a free port, the same for both) and starts
     * answering.
     *
     * @param guard holds publication back while it looks wrong; {@code null} for none
     * @throws BindException if the port is taken
     */
    public static DnsblServer start(ServeDnsOptions options, Checker checker, PublicationGuard guard,
                                    InetAddress bind, int port) throws BindException {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(checker, "checker");
        Objects.requireNonNull(bind, "bind");
        DnsblResponder responder = new DnsblResponder(options, checker, guard);
        ClientRateLimiter limiter = new ClientRateLimiter(options.rateLimit(), options.slip(), System::nanoTime);
        Statistics statistics = new Statistics();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(options.threads(),
                new DefaultThreadFactory("tocsin-dns", false), NioIoHandler.newFactory());
        try {
            BindException last = null;
            for (int attempt = 0; attempt < (port == 0 ? 10 : 1); attempt++) {
                Channel udp = null;
                try {
                    udp = new Bootstrap().group(group).channel(NioDatagramChannel.class)
                            .option(ChannelOption.SO_RCVBUF, 1 << 20)
                            .option(ChannelOption.SO_SNDBUF, 1 << 20)
                            .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(4096))
                            .handler(new UdpHandler(responder, limiter, statistics))
                            .bind(bind, port).sync().channel();
                    int bound = ((InetSocketAddress) udp.localAddress()).getPort();
                    AtomicInteger connections = new AtomicInteger();
                    Channel tcp = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                            .option(ChannelOption.SO_BACKLOG, 256)
                            .childHandler(new TcpInitializer(responder, options, connections, statistics))
                            .bind(bind, bound).sync().channel();
                    return new DnsblServer(group, udp, tcp, statistics);
                } catch (Exception e) {
                    if (udp != null) {
                        udp.close().syncUninterruptibly();
                    }
                    if (!(e instanceof BindException bindException)) {
                        throw e;
                    }
                    last = bindException;
                }
            }
            throw last;
        } catch (BindException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            BindException named = new BindException("cannot listen on " + hostPort(bind, port) + ": " + e.getMessage());
            named.initCause(e);
            throw named;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw new IllegalStateException("interrupted while binding", e);
        } catch (Exception e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            throw new IllegalStateException("cannot listen on " + hostPort(bind, port) + ": " + e, e);
        }
    }

    /** Where the server listens (UDP and TCP). */
    public InetSocketAddress address() {
        return address;
    }

    /** {@code ADDR:PORT}, IPv6 addresses in brackets. */
    public String hostPort() {
        return hostPort(address.getAddress(), address.getPort());
    }

    /** Counts of what the server did, since it started. */
    public Statistics statistics() {
        return statistics;
    }

    /** Stops listening and ends the network threads. */
    @Override
    public void close() {
        udp.close().syncUninterruptibly();
        tcp.close().syncUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static String hostPort(InetAddress address, int port) {
        String host = IpAddress.ofBytes(address.getAddress()).toString(); // RFC 5952 form: ::1, not 0:0:0:0:0:0:0:1
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** What the server did: queries received, responses sent, and what the rate limit held back. */
    public static final class Statistics {
        final AtomicLong udpQueries = new AtomicLong();
        final AtomicLong tcpQueries = new AtomicLong();
        final AtomicLong truncated = new AtomicLong();
        final AtomicLong rateLimitDropped = new AtomicLong();
        final AtomicLong rateLimitSlipped = new AtomicLong();
        final AtomicLong tcpRefused = new AtomicLong();

        public long udpQueries() {
            return udpQueries.get();
        }

        public long tcpQueries() {
            return tcpQueries.get();
        }

        /** UDP answers sent with TC because they did not fit. */
        public long truncated() {
            return truncated.get();
        }

        /** UDP responses dropped by the rate limit. */
        public long rateLimitDropped() {
            return rateLimitDropped.get();
        }

        /** UDP responses replaced by an empty truncated answer by the rate limit. */
        public long rateLimitSlipped() {
            return rateLimitSlipped.get();
        }

        /** TCP connections closed at once because too many were open. */
        public long tcpRefused() {
            return tcpRefused.get();
        }

        @Override
        public String toString() {
            return "udp=" + udpQueries + " tcp=" + tcpQueries + " truncated=" + truncated + " rate-limited dropped="
                    + rateLimitDropped + " slipped=" + rateLimitSlipped + " tcp refused=" + tcpRefused;
        }
    }

    /** One datagram, one query: parsed, rate-limited, answered within the UDP size the client offers. */
    @ChannelHandler.Sharable
    private static final class UdpHandler extends SimpleChannelInboundHandler<DatagramPacket> {
        private final DnsblResponder responder;
        private final ClientRateLimiter limiter;
        private final Statistics statistics;

        UdpHandler(DnsblResponder responder, ClientRateLimiter limiter, Statistics statistics) {
            this.responder = responder;
            this.limiter = limiter;
            this.statistics = statistics;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            statistics.udpQueries.incrementAndGet();
            InetSocketAddress sender = packet.sender();
            Message query = DnsblResponder.parse(ByteBufUtil.getBytes(packet.content()));
            if (query == null) {
                return;
            }
            ClientRateLimiter.Admission admission = limiter.admit(IpAddress.ofBytes(sender.getAddress().getAddress()));
            if (admission == ClientRateLimiter.Admission.DROP) {
                statistics.rateLimitDropped.incrementAndGet();
                return;
            }
            if (admission == ClientRateLimiter.Admission.SLIP) {
                statistics.rateLimitSlipped.incrementAndGet();
                send(ctx, sender, responder.truncated(query), DnsblResponder.udpLimit(query));
                return;
            }
            int limit = DnsblResponder.udpLimit(query);
            responder.respond(query, ctx.executor()).whenComplete((response, neverThrown) -> {
                if (response != null) {
                    send(ctx, sender, response, limit);
                }
            });
        }

        private void send(ChannelHandlerContext ctx, InetSocketAddress to, Message response, int limit) {
            byte[] wire = response.toWire(limit);
            if ((wire.length > 2) && (wire[2] & 0x02) != 0) {
                statistics.truncated.incrementAndGet();
            }
            ctx.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(wire), to), ctx.voidPromise());
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("UDP: {}", cause.toString()); // e.g. ICMP port unreachable from a client gone; keep serving
        }
    }

    /** A TCP connection: two-byte length-prefixed messages (RFC 1035 section 4.2.2), idle ones closed. */
    private static final class TcpInitializer extends ChannelInitializer<SocketChannel> {
        private final DnsblResponder responder;
        private final ServeDnsOptions options;
        private final AtomicInteger connections;
        private final Statistics statistics;

        TcpInitializer(DnsblResponder responder, ServeDnsOptions options, AtomicInteger connections, Statistics statistics) {
            this.responder = responder;
            this.options = options;
            this.connections = connections;
            this.statistics = statistics;
        }

        @Override
        protected void initChannel(SocketChannel channel) {
            if (connections.incrementAndGet() > options.maxTcpConnections()) {
                connections.decrementAndGet();
                statistics.tcpRefused.incrementAndGet();
                channel.close();
                return;
            }
            channel.closeFuture().addListener(f -> connections.decrementAndGet());
            channel.pipeline()
                    .addLast(new IdleStateHandler(options.tcpIdleTimeout().toMillis(), 0, 0, TimeUnit.MILLISECONDS))
                    .addLast(new LengthFieldBasedFrameDecoder(TCP_MAX_MESSAGE + 2, 0, 2, 0, 2))
                    .addLast(new LengthFieldPrepender(2))
                    .addLast(new TcpHandler(responder, statistics));
        }
    }

    private static final class TcpHandler extends SimpleChannelInboundHandler<ByteBuf> {
        private final DnsblResponder responder;
        private final Statistics statistics;

        TcpHandler(DnsblResponder responder, Statistics statistics) {
            this.responder = responder;
            this.statistics = statistics;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
            statistics.tcpQueries.incrementAndGet();
            Message query = DnsblResponder.parse(ByteBufUtil.getBytes(frame));
            if (query == null) {
                ctx.close(); // a response or a runt on a stream: not a DNS client worth keeping
                return;
            }
            responder.respond(query, ctx.executor()).whenComplete((response, neverThrown) -> {
                if (response != null && ctx.channel().isActive()) {
                    ctx.writeAndFlush(Unpooled.wrappedBuffer(response.toWire(TCP_MAX_MESSAGE)), ctx.voidPromise());
                }
            });
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof IdleStateEvent) {
                ctx.close();
            } else {
                ctx.fireUserEventTriggered(event);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("TCP: {}", cause.toString()); // a reset, or a frame longer than any DNS message
            ctx.close();
        }
    }
}
