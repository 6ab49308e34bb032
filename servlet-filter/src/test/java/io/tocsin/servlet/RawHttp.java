package io.tocsin.servlet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, so tests see exactly the bytes a container sent: the status line,
 * every header line in order, and the body (chunked transfer decoded, everything else untouched).
 */
final class RawHttp {

    private RawHttp() {
    }

    /** A request to build; {@code Host} and {@code Connection: close} are added. */
    static Request get(String target) {
        return new Request("GET", target);
    }

    static Request head(String target) {
        return new Request("HEAD", target);
    }

    static Request post(String target) {
        return new Request("POST", target);
    }

    static final class Request {
        final String method;
        final String target;
        final List<String[]> headers = new ArrayList<>();
        byte[] body;
        String localAddress;

        Request(String method, String target) {
            this.method = method;
            this.target = target;
        }

        Request header(String name, String value) {
            headers.add(new String[] {name, value});
            return this;
        }

        /** A visitor at {@code ip} behind the trusted proxy 127.0.0.1. */
        Request from(String ip) {
            return header("X-Forwarded-For", ip);
        }

        Request form(String body) {
            this.body = body.getBytes(StandardCharsets.UTF_8);
            return header("Content-Type", "application/x-www-form-urlencoded");
        }

        /** Connects from this loopback address (e.g. 127.0.0.2), an untrusted peer. */
        Request bind(String local) {
            this.localAddress = local;
            return this;
        }

        Response send(int port) throws IOException {
            StringBuilder head = new StringBuilder();
            head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
            head.append("Host: 127.0.0.1:").append(port).append("\r\n");
            for (String[] h : headers) {
                head.append(h[0]).append(": ").append(h[1]).append("\r\n");
            }
            if (body != null) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            head.append("Connection: close\r\n\r\n");
            try (Socket socket = new Socket()) {
                if (localAddress != null) {
                    socket.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
                }
                socket.setSoTimeout(20_000);
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
                OutputStream out = socket.getOutputStream();
                out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
                if (body != null) {
                    out.write(body);
                }
                out.flush();
                return Response.parse(socket.getInputStream().readAllBytes(), method.equals("HEAD"));
            }
        }
    }

    static final class Response {
        final String statusLine;
        final int status;
        /** Header lines as sent, in order. */
        final List<String> headerLines;
        final byte[] body;
        final boolean chunked;

        private Response(String statusLine, List<String> headerLines, byte[] body, boolean chunked) {
            this.statusLine = statusLine;
            this.status = Integer.parseInt(statusLine.split(" ")[1]);
            this.headerLines = headerLines;
            this.body = body;
            this.chunked = chunked;
        }

        static Response parse(byte[] raw, boolean head) throws IOException {
            int end = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 0);
            if (end < 0) {
                throw new IOException("no complete response head in " + raw.length + " bytes: "
                        + new String(raw, StandardCharsets.ISO_8859_1));
            }
            String[] lines = new String(raw, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
            List<String> headers = new ArrayList<>(List.of(lines).subList(1, lines.length));
            byte[] rest = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
            boolean chunked = false;
            for (String h : headers) {
                if (h.toLowerCase(Locale.ROOT).startsWith("transfer-encoding:") && h.toLowerCase(Locale.ROOT).contains("chunked")) {
                    chunked = true;
                }
            }
            byte[] body = chunked && !head ? dechunk(rest) : rest;
            return new Response(lines[0], headers, body, chunked);
        }

        /** The first value of a header, or null. */
        String header(String name) {
            for (String h : headerLines) {
                int colon = h.indexOf(':');
                if (h.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return h.substring(colon + 1).trim();
                }
            }
            return null;
        }

        List<String> headers(String name) {
            List<String> values = new ArrayList<>();
            for (String h : headerLines) {
                int colon = h.indexOf(':');
                if (h.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    values.add(h.substring(colon + 1).trim());
                }
            }
            return values;
        }

        /** The header lines except those that differ between any two responses (Date), lower-cased names. */
        Map<String, List<String>> comparableHeaders() {
            Map<String, List<String>> map = new LinkedHashMap<>();
            for (String h : headerLines) {
                int colon = h.indexOf(':');
                String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                if (!name.equals("date")) {
                    map.computeIfAbsent(name, k -> new ArrayList<>()).add(h.substring(colon + 1).trim());
                }
            }
            return map;
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return statusLine + "\n" + String.join("\n", headerLines) + "\n\n"
                    + new String(body, 0, Math.min(body.length, 2000), StandardCharsets.ISO_8859_1);
        }
    }

    private static byte[] dechunk(byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int pos = 0;
        while (true) {
            int lineEnd = indexOf(raw, new byte[] {'\r', '\n'}, pos);
            if (lineEnd < 0) {
                throw new IOException("truncated chunked body");
            }
            String sizeLine = new String(raw, pos, lineEnd - pos, StandardCharsets.ISO_8859_1);
            int semi = sizeLine.indexOf(';');
            int size = Integer.parseInt((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
            pos = lineEnd + 2;
            if (size == 0) {
                return out.toByteArray();
            }
            out.write(raw, pos, size);
            pos += size + 2;
        }
    }

    static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @SuppressWarnings("unused")
    private static byte[] readAll(InputStream in) throws IOException {
        return in.readAllBytes();
    }
}
