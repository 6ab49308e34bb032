package io.tocsin.servlet;

import io.tocsin.core.Verdict;
import io.tocsin.core.ip.IpAddress;
import io.tocsin.servlet.ack.AckCookie;
import io.tocsin.servlet.ack.ReturnPath;
import io.tocsin.servlet.notice.NoticeRenderer;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * One request as the filter sees it, made once when the request comes in: its path, the visitor's
 * address, verdict, acknowledgement and language, and where the notice's links lead. Each is worked
 * out at most once, when first needed, so a clean visitor costs no more than the lookup itself; the
 * verdict is set as the {@link TocsinFilter#VERDICT_ATTRIBUTE request attribute} when it is looked up.
 *
 * <p>Used on the request's own thread only (the banner's text is worked out before the application runs).
 */
final class Visit implements Action.Facts {

    private static final Set<String> ASSET_EXTENSIONS = Set.of(
            "css", "js", "mjs", "map", "png", "jpg", "jpeg", "gif", "webp", "avif", "svg", "ico", "bmp",
            "woff", "woff2", "ttf", "otf", "eot", "mp4", "webm", "mp3", "ogg", "wav", "m4a", "pdf", "zip",
            "gz", "json", "xml", "txt", "wasm", "webmanifest");

    private final HttpServletRequest request;
    private final Site site;
    private final String path;
    private final boolean endpoint;

    private boolean addressKnown;
    private IpAddress address;
    private boolean verdictKnown;
    private Verdict verdict;
    private Boolean acknowledged;
    private Locale language;
    private String returnPath;
    private NoticeRenderer.Links links;

    Visit(HttpServletRequest request, Site site) {
        this.request = request;
        this.site = site;
        this.path = pathWithinApplication(request);
        String prefix = site.options().path();
        this.endpoint = path.startsWith(prefix) && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/');
    }

    HttpServletRequest request() {
        return request;
    }

    /** The decoded, normalised path within the web application, as the container mapped it. */
    String path() {
        return path;
    }

    /** Whether the request is for one of Tocsin's own endpoints, under {@code tocsin.path}. */
    boolean endpoint() {
        return endpoint;
    }

    /** The path below {@code tocsin.path}, e.g. {@code /notice}, for an {@link #endpoint()} visit. */
    String endpointPath() {
        return path.substring(site.options().path().length());
    }

    /** The visitor's address, behind trusted proxies; {@code null} if the peer is no IP address. */
    IpAddress address() {
        if (!addressKnown) {
            address = site.resolver().resolve(request);
            addressKnown = true;
        }
        return address;
    }

    /**
     * The visitor's verdict, looked up once, within the lookup budget (the endpoints' longer one for an
     * endpoint), and left for the application as the request attribute; {@code null} if there is no
     * address or the lookup failed.
     */
    Verdict verdict() {
        if (!verdictKnown) {
            verdictKnown = true;
            IpAddress ip = address();
            if (ip != null) {
                verdict = site.checker().check(ip, endpoint ? site.endpointBudget() : site.options().lookupBudget());
                request.setAttribute(TocsinFilter.VERDICT_ATTRIBUTE, verdict);
            }
        }
        return verdict;
    }

    @Override
    public boolean shouldNotify() {
        Verdict v = verdict();
        return v != null && v.shouldNotify();
    }

    /** Whether the visitor holds a valid {@code tocsin_ack} cookie for their address. */
    @Override
    public boolean acknowledged() {
        if (acknowledged == null) {
            acknowledged = hasValidCookie();
        }
        return acknowledged;
    }

    private boolean hasValidCookie() {
        if (request.getHeader("Cookie") == null) {
            return false; // no cookie at all: the usual visitor, and no cookie array made
        }
        IpAddress ip = address();
        Cookie[] cookies = request.getCookies();
        if (ip == null || cookies == null) {
            return false;
        }
        for (Cookie cookie : cookies) {
            if (AckCookie.NAME.equals(cookie.getName()) && site.ack().isValid(cookie.getValue(), ip)) {
                return true;
            }
        }
        return false;
    }

    /** The shipped language that best fits the visitor's {@code Accept-Language}. */
    Locale language() {
        if (language == null) {
            language = site.renderer().language(request.getHeader("Accept-Language"));
        }
        return language;
    }

    /**
     * Where the notice's continue button leads back to, always a path on this site: for an endpoint,
     * its {@code return} parameter; in block mode, the application's root (the page asked for stays
     * blocked); otherwise the path and query asked for. Any of them that is not a
     * {@link ReturnPath#isSafe safe} path becomes the application's root.
     */
    String returnPath() {
        if (returnPath == null) {
            String wanted;
            if (endpoint) {
                wanted = request.getParameter("return");
            } else if (site.options().mode() == Mode.BLOCK) {
                wanted = null;
            } else {
                String query = request.getQueryString();
                wanted = query == null ? request.getRequestURI() : request.getRequestURI() + "?" + query;
            }
            returnPath = ReturnPath.isSafe(wanted) ? wanted : request.getContextPath() + "/";
        }
        return returnPath;
    }

    /** The URLs in the banner and the notice page: stylesheet, notice, acknowledgement and return path. */
    NoticeRenderer.Links links() {
        if (links == null) {
            links = site.linkBase().links(request.getContextPath(), returnPath());
        }
        return links;
    }

    /**
     * {@code text} as {@link URLEncoder#encode(String, java.nio.charset.Charset) URLEncoder} encodes it
     * in UTF-8, without its buffers for the usual path that is ASCII: letters, digits and {@code .-*_}
     * stay, a space becomes {@code +}, every other byte {@code %XX}.
     */
    static String formEncode(String text) {
        int n = text.length();
        int extra = 0;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                return URLEncoder.encode(text, StandardCharsets.UTF_8);
            }
            if (!unreserved(c) && c != ' ') {
                extra += 2;
            }
        }
        if (extra == 0 && text.indexOf(' ') < 0) {
            return text;
        }
        byte[] out = new byte[n + extra];
        int at = 0;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (unreserved(c)) {
                out[at++] = (byte) c;
            } else if (c == ' ') {
                out[at++] = '+';
            } else {
                out[at++] = '%';
                out[at++] = (byte) HEX[c >> 4];
                out[at++] = (byte) HEX[c & 0xF];
            }
        }
        return new String(out, StandardCharsets.US_ASCII);
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private static boolean unreserved(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                || c == '.' || c == '-' || c == '*' || c == '_';
    }

    @Override
    public boolean get() {
        return "GET".equals(request.getMethod());
    }

    /**
     * {@code Sec-Fetch-Dest} absent, {@code document} or {@code iframe} (or {@code frame}), and not an
     * XMLHttpRequest by the usual header.
     */
    @Override
    public boolean navigation() {
        String dest = request.getHeader("Sec-Fetch-Dest");
        if (dest != null) {
            String d = dest.trim().toLowerCase(Locale.ROOT);
            if (!d.equals("document") && !d.equals("iframe") && !d.equals("frame")) {
                return false;
            }
        }
        String requestedWith = request.getHeader("X-Requested-With");
        return requestedWith == null || !requestedWith.trim().equalsIgnoreCase("XMLHttpRequest");
    }

    @Override
    public boolean acceptsHtml() {
        String accept = request.getHeader("Accept");
        if (accept == null || accept.isBlank()) {
            return true;
        }
        String a = accept.toLowerCase(Locale.ROOT);
        return a.contains("text/html") || a.contains("application/xhtml+xml") || a.contains("*/*");
    }

    /** Never a page that could carry a notice. */
    @Override
    public boolean asset() {
        return isAsset(path);
    }

    @Override
    public boolean allowed() {
        return site.blockAllow().matches(path);
    }

    static boolean isAsset(String path) {
        int slash = path.lastIndexOf('/');
        int dot = path.lastIndexOf('.');
        if (dot <= slash || dot == path.length() - 1) {
            return false;
        }
        return ASSET_EXTENSIONS.contains(path.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    static String pathWithinApplication(HttpServletRequest request) {
        String servletPath = request.getServletPath();
        String pathInfo = request.getPathInfo();
        if (pathInfo == null) {
            // the usual case (a default or extension mapping): no new string
            return servletPath == null || servletPath.isEmpty() ? "/" : servletPath;
        }
        return servletPath == null ? pathInfo : servletPath + pathInfo;
    }
}
