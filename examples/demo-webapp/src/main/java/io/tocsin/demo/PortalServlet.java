package io.tocsin.demo;

import io.tocsin.core.Checker;
import io.tocsin.core.SourceHealth;
import io.tocsin.core.Verdict;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The demo portal: a home page of a few KB ({@code /}), a JSON status ({@code /api/status}) and a
 * stylesheet ({@code /static/app.css}). Pages carry a strict Content-Security-Policy, to show that
 * the banner needs no inline styles or scripts.
 */
final class PortalServlet extends HttpServlet {

    private static final String CSP = "default-src 'self'; style-src 'self'; script-src 'self'; frame-ancestors 'none'";

    private final transient Checker checker;
    private final byte[] home = resource("site/index.html");
    private final byte[] css = resource("site/app.css");

    PortalServlet(Checker checker) {
        this.checker = checker;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        switch (path) {
            case "/", "/index.html" -> send(response, "text/html;charset=UTF-8", home, true);
            case "/static/app.css" -> {
                response.setHeader("Cache-Control", "public, max-age=300");
                send(response, "text/css;charset=UTF-8", css, false);
            }
            case "/api/status" -> {
                response.setHeader("Cache-Control", "no-store");
                send(response, "application/json", status(request).getBytes(StandardCharsets.UTF_8), false);
            }
            default -> {
                response.setStatus(HttpServletResponse.SC_NOT_FOUND);
                send(response, "text/plain;charset=UTF-8", "Not found\n".getBytes(StandardCharsets.UTF_8), false);
            }
        }
    }

    /** The service status and the health of each source; the visitor's verdict when the filter looked it up. */
    private String status(HttpServletRequest request) {
        StringBuilder json = new StringBuilder("{\"status\":\"ok\",\"sources\":{");
        boolean first = true;
        for (Map.Entry<String, SourceHealth> e : checker.health().entrySet()) {
            if (!first) {
                json.append(',');
            }
            first = false;
            json.append('"').append(jsonEscape(e.getKey())).append("\":\"")
                    .append(e.getValue().isUp() ? "up" : "down").append('"');
        }
        json.append('}');
        Verdict verdict = (Verdict) request.getAttribute("io.tocsin.Verdict");
        if (verdict != null) {
            json.append(",\"visitor\":{\"ip\":\"").append(verdict.ip()).append("\",\"notify\":").append(verdict.shouldNotify()).append('}');
        }
        return json.append("}\n").toString();
    }

    private static String jsonEscape(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static void send(HttpServletResponse response, String type, byte[] body, boolean page) throws IOException {
        response.setContentType(type);
        if (page) {
            response.setHeader("Content-Security-Policy", CSP);
        }
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private static byte[] resource(String name) {
        try (InputStream in = PortalServlet.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the demo jar lacks " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
