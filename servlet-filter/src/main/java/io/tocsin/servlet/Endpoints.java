package io.tocsin.servlet;

import io.tocsin.core.Verdict;
import io.tocsin.core.ip.IpAddress;
import io.tocsin.core.json.VerdictJson;
import io.tocsin.servlet.ack.AckCookie;
import io.tocsin.servlet.notice.NoticeRenderer;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Tocsin's own responses: the endpoints under {@code {path}} ({@code notice}, {@code ack},
 * {@code verdict}, {@code tocsin.css}), the interstitial redirect and the block page. Each method
 * answers false, having written nothing, if it failed before committing, so the caller can let the
 * request through instead (fail open).
 */
final class Endpoints {

    /** The stricter the better, as long as the page's own stylesheet and form still work. */
    static final String NOTICE_CSP = "frame-ancestors 'none'; default-src 'none'; style-src 'self'; img-src 'self'; "
            + "form-action 'self'; base-uri 'none'";

    private final FilterOptions options;
    private final NoticeRenderer renderer;
    private final AckCookie ack;

    Endpoints(Site site) {
        this.options = site.options();
        this.renderer = site.renderer();
        this.ack = site.ack();
    }

    /** Serves the endpoint {@code visit} asks for; false if it failed before committing anything. */
    boolean serve(Visit visit, HttpServletResponse response) throws IOException {
        try {
            switch (visit.endpointPath()) {
                case "/notice":
                    return notice(visit, response);
                case "/ack":
                    return acknowledge(visit, response);
                case "/verdict":
                    return verdict(visit, response);
                case "/tocsin.css":
                    return asset(visit.request(), response, "text/css;charset=UTF-8", renderer.css());
                case "/tocsin.js":
                    return asset(visit.request(), response, "text/javascript;charset=UTF-8", renderer.script());
                default:
                    send(response, HttpServletResponse.SC_NOT_FOUND, "text/plain;charset=UTF-8", "Not found\n", visit.request());
                    return true;
            }
        } catch (RuntimeException e) {
            return resetIfPossible(response);
        }
    }

    private static boolean resetIfPossible(HttpServletResponse response) {
        if (response.isCommitted()) {
            return true; // too late to pass it on; nothing more can be done
        }
        response.reset();
        return false;
    }

    private boolean notice(Visit visit, HttpServletResponse response) throws IOException {
        HttpServletRequest request = visit.request();
        if (!getOrHead(request, response)) {
            return true;
        }
        Verdict verdict = visit.verdict();
        if (verdict == null) {
            return false;
        }
        boolean blocked = options.mode() == Mode.BLOCK && verdict.shouldNotify();
        String page = renderer.notice(visit.language(), visit.links(), verdict, blocked, request.getServerName());
        if (verdict.shouldNotify() && !blocked) {
            acted(VisitorAction.DETAILS_OPENED, visit); // a block page is counted as shown where it is served
        }
        noticeHeaders(response);
        send(response, HttpServletResponse.SC_OK, "text/html;charset=UTF-8", page, request);
        return true;
    }

    private boolean acknowledge(Visit visit, HttpServletResponse response) throws IOException {
        HttpServletRequest request = visit.request();
        if (!"POST".equals(request.getMethod())) {
            response.setHeader("Allow", "POST");
            send(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "text/plain;charset=UTF-8", "Use POST\n", request);
            return true;
        }
        if (isCrossSite(request)) {
            send(response, HttpServletResponse.SC_FORBIDDEN, "text/plain;charset=UTF-8", "Cross-site request refused\n", request);
            return true;
        }
        if (request.getCharacterEncoding() == null) {
            request.setCharacterEncoding("UTF-8");
        }
        String location = visit.returnPath(); // read after the encoding is set, for a non-ASCII path
        IpAddress ip = visit.address();
        response.setHeader("Cache-Control", "no-store");
        if (ip != null) {
            response.addHeader("Set-Cookie", ack.setCookieHeader(ack.issue(ip), request.isSecure()));
        }
        String from = request.getParameter("from");
        if ("banner".equals(from) || "notice".equals(from)) {
            acted("banner".equals(from) ? VisitorAction.DISMISSED : VisitorAction.CONTINUED, visit);
        }
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader("Location", location);
        response.setContentLength(0);
        return true;
    }

    /**
     * Whether the post comes from another site: {@code Sec-Fetch-Site: cross-site}, or an
     * {@code Origin} (including {@code null}) whose host and port differ from the request's {@code Host}.
     * {@code Origin: null} with {@code Sec-Fetch-Site: same-origin} is the site's own page under a
     * {@code no-referrer} policy, not another site.
     */
    static boolean isCrossSite(HttpServletRequest request) {
        String site = request.getHeader("Sec-Fetch-Site");
        if (site != null && site.trim().equalsIgnoreCase("cross-site")) {
            return true;
        }
        String origin = request.getHeader("Origin");
        if (origin == null) {
            return false;
        }
        if (site != null && site.trim().equalsIgnoreCase("same-origin") && origin.trim().equals("null")) {
            // a page served with "Referrer-Policy: no-referrer" makes Chromium send "Origin: null" on its
            // own same-origin form posts; Sec-Fetch-Site (set only by the browser) still says where it came from
            return false;
        }
        URI o;
        try {
            o = new URI(origin.trim());
        } catch (URISyntaxException e) {
            return true;
        }
        if (o.getScheme() == null || o.getHost() == null) {
            return true; // "null" and other opaque origins
        }
        String scheme = o.getScheme().toLowerCase(Locale.ROOT);
        int originPort = o.getPort() >= 0 ? o.getPort() : scheme.equals("https") ? 443 : 80;
        String host = request.getHeader("Host");
        if (host == null) {
            return true;
        }
        URI h;
        try {
            h = new URI(scheme + "://" + host.trim());
        } catch (URISyntaxException e) {
            return true;
        }
        if (h.getHost() == null) {
            return true;
        }
        // a Host without a port means the default port of the scheme the browser used
        int hostPort = h.getPort() >= 0 ? h.getPort() : scheme.equals("https") ? 443 : 80;
        return !h.getHost().equalsIgnoreCase(o.getHost()) || hostPort != originPort;
    }

    private boolean verdict(Visit visit, HttpServletResponse response) throws IOException {
        HttpServletRequest request = visit.request();
        if (!getOrHead(request, response)) {
            return true;
        }
        Verdict verdict = visit.verdict();
        if (verdict == null) {
            return false;
        }
        response.setHeader("Cache-Control", "no-store");
        send(response, HttpServletResponse.SC_OK, "application/json", VerdictJson.write(verdict) + "\n", request);
        return true;
    }

    /** A static asset of the banner and notice page: cacheable, the same for every visitor. */
    private static boolean asset(HttpServletRequest request, HttpServletResponse response, String type, String body)
            throws IOException {
        if (!getOrHead(request, response)) {
            return true;
        }
        response.setHeader("Cache-Control", "public, max-age=3600");
        send(response, HttpServletResponse.SC_OK, type, body, request);
        return true;
    }

    /** The interstitial: a {@code 303} to the notice, which brings the visitor back here. */
    boolean redirectToNotice(Visit visit, HttpServletResponse response) {
        try {
            String location = visit.links().notice();
            response.setStatus(HttpServletResponse.SC_SEE_OTHER);
            response.setHeader("Location", location);
            response.setHeader("Cache-Control", "private, no-store");
            response.setHeader("Tocsin-Notice", Mode.INTERSTITIAL.id());
            response.setContentLength(0);
            shown(Mode.INTERSTITIAL);
            acted(VisitorAction.SHOWN, visit);
            return true;
        } catch (RuntimeException e) {
            return resetIfPossible(response);
        }
    }

    /** The block page, {@code 403}. */
    boolean block(Visit visit, HttpServletResponse response) throws IOException {
        try {
            String page = renderer.notice(visit.language(), visit.links(), visit.verdict(), true,
                    visit.request().getServerName());
            noticeHeaders(response);
            response.setHeader("Tocsin-Notice", Mode.BLOCK.id());
            response.setHeader("Cache-Control", "private, no-store");
            shown(Mode.BLOCK);
            acted(VisitorAction.SHOWN, visit);
            send(response, HttpServletResponse.SC_FORBIDDEN, "text/html;charset=UTF-8", page, visit.request());
            return true;
        } catch (RuntimeException e) {
            return resetIfPossible(response);
        }
    }

    /** Tells the listener what a listed visitor did, in the filter's mode and the visitor's language. */
    void acted(VisitorAction action, Visit visit) {
        try {
            options.noticeListener().visitorActed(options.mode(), action, visit.language());
        } catch (RuntimeException e) {
            // a listener must not break the response
        }
    }

    private void shown(Mode mode) {
        try {
            options.noticeListener().noticeShown(mode);
        } catch (RuntimeException e) {
            // a listener must not break the response
        }
    }

    private static void noticeHeaders(HttpServletResponse response) {
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Content-Security-Policy", NOTICE_CSP);
        // not no-referrer: under it browsers send "Origin: null" with the continue form's post, which
        // the ack endpoint must refuse when the browser sends no Sec-Fetch-Site (older Safari, Firefox)
        response.setHeader("Referrer-Policy", "same-origin");
    }

    private static boolean getOrHead(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String method = request.getMethod();
        if ("GET".equals(method) || "HEAD".equals(method)) {
            return true;
        }
        response.setHeader("Allow", "GET, HEAD");
        send(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "text/plain;charset=UTF-8", "Use GET\n", request);
        return false;
    }

    private static void send(HttpServletResponse response, int status, String contentType, String body,
                             HttpServletRequest request) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType(contentType);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setContentLength(bytes.length);
        if (!"HEAD".equals(request.getMethod())) {
            response.getOutputStream().write(bytes);
        }
    }
}
