package io.tocsin.core.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A tiny HTTP/1.1 server on loopback that answers every request the way a test says, including ways
 * no well-behaved server would: a body shorter than its {@code Content-Length}, an HTML error page,
 * garbage, or no answer at all. Raw sockets, so that nothing in between repairs the fault.
 */
public final class FaultyHttpServer implements AutoCloseable {

    /** How to answer. {@code declaredLength} -1 sends the body's true length; {@code hang} answers nothing. */
    public record Reply(int status, String contentType, byte[] body, long declaredLength, boolean hang) {

        public static Reply ok(String contentType, String body) {
            return new Reply(200, contentType, body.getBytes(StandardCharsets.UTF_8), -1, false);
        }

        public static Reply status(int status, String contentType, String body) {
            return new Reply(status, contentType, body.getBytes(StandardCharsets.UTF_8), -1, false);
        }

        /** The first {@code sent} bytes of {@code body}, under a header that promises all of it. */
        public static Reply truncated(String contentType, String body, int sent) {
            byte[] all = body.getBytes(StandardCharsets.UTF_8);
            return new Reply(200, contentType, java.util.Arrays.copyOf(all, sent), all.length, false);
        }

        public static Reply silence() {
            return new Reply(0, null, new byte[0], -1, true);
        }
    }

    private final ServerSocket socket;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    /** The request lines received, e.g. {@code GET /v1/decisions?ip=192.0.2.66 HTTP/1.1}. */
    public final List<String> requests = new CopyOnWriteArrayList<>();
    private volatile Reply reply = Reply.status(404, "text/plain", "not set");

    public FaultyHttpServer() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "faulty-http");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + socket.getLocalPort() + path;
    }

    public void reply(Reply next) {
        this.reply = next;
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                open.add(client);
                Thread t = new Thread(() -> serve(client), "faulty-http-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            String head = readHead(in);
            if (head == null) {
                return;
            }
            requests.add(head.lines().findFirst().orElse(""));
            Reply r = reply;
            if (r.hang) {
                while (in.read() >= 0) {
                    // hold the connection open, say nothing, until the client gives up
                }
                return;
            }
            long length = r.declaredLength() >= 0 ? r.declaredLength() : r.body().length;
            String header = "HTTP/1.1 " + r.status() + " Fault\r\n"
                    + (r.contentType() != null ? "Content-Type: " + r.contentType() + "\r\n" : "")
                    + "Content-Length: " + length + "\r\nConnection: close\r\n\r\n";
            OutputStream out = client.getOutputStream();
            out.write(header.getBytes(StandardCharsets.ISO_8859_1));
            out.write(r.body());
            out.flush();
        } catch (IOException e) {
            // the client went away
        } finally {
            open.remove(client);
        }
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            sb.append((char) c);
            if (sb.length() >= 4 && sb.substring(sb.length() - 4).equals("\r\n\r\n")) {
                return sb.toString();
            }
            if (sb.length() > 65536) {
                return null;
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        socket.close();
        for (Socket s : open) {
            s.close();
        }
    }
}
