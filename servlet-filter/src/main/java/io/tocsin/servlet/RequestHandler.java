package io.tocsin.servlet;

import io.tocsin.core.Checker;
import io.tocsin.core.Verdict;
import io.tocsin.core.ip.IpAddress;
import io.tocsin.servlet.ack.AckCookie;
import io.tocsin.servlet.ack.ReturnPath;
import io.tocsin.servlet.client.ClientAddressResolver;
import io.tocsin.servlet.notice.NoticeRenderer;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * Decides, per request, what the filter does: serve one of Tocsin's endpoints, or look the visitor
 * up and then pass the request on untouched, with a banner, redirected to the notice, or blocked.
 * Every internal failure lets the request through as if Tocsin were not there.
 */
final class RequestHandler {

    /** Set on a request once the filter has acted on it; holds the banner response, if any. */
    static final String HANDLED = TocsinFilter.class.getName() + ".handled";

    private static final Set<String> ASSET_EXTENSIONS = Set.of(
            "css", "js", "mjs", "map", "png", "jpg", "jpeg", "gif", "webp", "avif", "svg", "ico", "bmp",
            "woff", "woff2", "ttf", "otf", "eot", "mp4", "webm", "mp3", "ogg", "wav", "m4a", "pdf", "zip",
            "gz", "json", "xml", "txt", "wasm", "webmanifest");

    private final Checker checker;
    private final FilterOptions options;
    private final ClientAddressResolver resolver;
    private final NoticeRenderer renderer;
    private final AckCookie ack;
    private final PathPatterns blockAllow;
    private final Endpoints endpoints;

    RequestHandler(Checker checker, FilterOptions options) {
        this.checker = checker;
        this.options = options;
        this.resolver = new ClientAddressResolver(options.trustedProxies(), options.forwardedHeader());
        this.renderer = new NoticeRenderer(options.templates(), options.siteName(), options.branding());
        this.ack = new AckCookie(options.ackSecret(), options.ackTtl(), options.clock());
        this.blockAllow = new PathPatterns(options.blockAllow());
        this.endpoints = new Endpoints(this, checker, options, renderer, ack);
    }

    void handle(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!options.enabled()) {
            chain.doFilter(request, response);
            return;
        }
        Object handled = request.getAttribute(HANDLED);
        if (handled != null) {
            // a later dispatch of a request already handled: never decorate twice
            chain.doFilter(request, response);
            if (handled instanceof BannerResponse banner && request.getDispatcherType() == DispatcherType.ASYNC
                    && !request.isAsyncStarted()) {
                banner.finishQuietly();
            }
            return;
        }
        if (request.getDispatcherType() != DispatcherType.REQUEST) {
            chain.doFilter(request, response);
            return;
        }
        request.setAttribute(HANDLED, Boolean.TRUE);

        String path;
        try {
            path = pathWithinApplication(request);
            if (isTocsinPath(path)) {
                if (endpoints.serve(request, response, path.substring(options.path().length()))) {
                    return;
                }
                chain.doFilter(request, response); // an endpoint failed: as if Tocsin were not there
                return;
            }
        } catch (RuntimeException e) {
            chain.doFilter(request, response);
            return;
        }

        Action action;
        try {
            action = decide(request, path);
        } catch (RuntimeException e) {
            action = Action.PASS;
        }
        switch (action) {
            case BANNER:
                withBanner(request, response, chain);
                return;
            case INTERSTITIAL:
                if (!endpoints.redirectToNotice(request, response)) {
                    chain.doFilter(request, response);
                }
                return;
            case BLOCK:
                if (!endpoints.block(request, response)) {
                    chain.doFilter(request, response);
                }
                return;
            default:
                chain.doFilter(request, response);
        }
    }

    private enum Action { PASS, BANNER, INTERSTITIAL, BLOCK }

    private Action decide(HttpServletRequest request, String path) {
        Mode mode = options.mode();
        boolean navigation = isNavigation(request);
        switch (mode) {
            case BANNER:
                if (!"GET".equals(request.getMethod()) || !navigation || isAsset(path)) {
                    return Action.PASS;
                }
                break;
            case INTERSTITIAL:
                if (!"GET".equals(request.getMethod()) || !navigation || isAsset(path) || !acceptsHtml(request)) {
                    return Action.PASS;
                }
                break;
            case OBSERVE:
                if (isAsset(path)) {
                    return Action.PASS;
                }
                break;
            default: // BLOCK: every request counts
                break;
        }
        Verdict verdict = lookup(request);
        if (verdict == null || !verdict.shouldNotify()) {
            return Action.PASS;
        }
        switch (mode) {
            case BANNER:
                return acknowledged(request, verdict.ip()) ? Action.PASS : Action.BANNER;
            case INTERSTITIAL:
                return acknowledged(request, verdict.ip()) ? Action.PASS : Action.INTERSTITIAL;
            case BLOCK:
                return blockAllow.matches(path) ? Action.PASS : Action.BLOCK;
            default:
                return Action.PASS;
        }
    }

    /** The visitor's verdict within the lookup budget, also set as the request attribute; null if no address. */
    Verdict lookup(HttpServletRequest request) {
        IpAddress ip = clientAddress(request);
        if (ip == null) {
            return null;
        }
        Verdict verdict = checker.check(ip, options.lookupBudget());
        request.setAttribute(TocsinFilter.VERDICT_ATTRIBUTE, verdict);
        return verdict;
    }

    IpAddress clientAddress(HttpServletRequest request) {
        return resolver.resolve(request.getRemoteAddr(), request::getHeaders);
    }

    boolean acknowledged(HttpServletRequest request, IpAddress ip) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return false;
        }
        for (Cookie cookie : cookies) {
            if (AckCookie.NAME.equals(cookie.getName()) && ack.isValid(cookie.getValue(), ip)) {
                return true;
            }
        }
        return false;
    }

    private void withBanner(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String returnPath = currentPath(request);
        Locale language = renderer.messages().choose(request.getHeader("Accept-Language"));
        String context = request.getContextPath();
        NoticeRenderer.Links links = endpoints.links(context, returnPath);
        BannerResponse banner;
        NoticeRequest noticeRequest;
        try {
            banner = new BannerResponse(response, options.scanLimit(),
                    () -> renderer.banner(language, links, ScriptPolicy.allowsOwnScripts(response))
                            .getBytes(StandardCharsets.US_ASCII),
                    () -> {
                        options.noticeListener().noticeShown(Mode.BANNER);
                        options.noticeListener().visitorActed(Mode.BANNER, VisitorAction.SHOWN, language);
                    });
            noticeRequest = new NoticeRequest(request, banner);
            request.setAttribute(HANDLED, banner);
        } catch (RuntimeException e) {
            chain.doFilter(request, response);
            return;
        }
        try {
            chain.doFilter(noticeRequest, banner);
        } catch (IOException | ServletException | RuntimeException | Error e) {
            banner.abandon();
            throw e;
        }
        if (request.isAsyncStarted()) {
            request.getAsyncContext().addListener(new FinishOnComplete(banner));
        } else {
            banner.finish();
        }
    }

    /** The path and query the visitor asked for, if it is a safe place to come back to; else the application's root. */
    static String currentPath(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String query = request.getQueryString();
        String current = query == null ? uri : uri + "?" + query;
        return ReturnPath.isSafe(current) ? current : request.getContextPath() + "/";
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** The decoded, normalised path within the web application, as the container mapped it. */
    static String pathWithinApplication(HttpServletRequest request) {
        String servletPath = request.getServletPath();
        String pathInfo = request.getPathInfo();
        String path = (servletPath == null ? "" : servletPath) + (pathInfo == null ? "" : pathInfo);
        return path.isEmpty() ? "/" : path;
    }

    private boolean isTocsinPath(String path) {
        String prefix = options.path();
        return path.startsWith(prefix) && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/');
    }

    /**
     * Whether the request may be a page navigation: {@code Sec-Fetch-Dest} absent, {@code document}
     * or {@code iframe} (or {@code frame}), and not an XMLHttpRequest by the usual header.
     */
    static boolean isNavigation(HttpServletRequest request) {
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

    /** Whether an {@code Accept} header, if any, admits an HTML page. */
    static boolean acceptsHtml(HttpServletRequest request) {
        String accept = request.getHeader("Accept");
        if (accept == null || accept.isBlank()) {
            return true;
        }
        String a = accept.toLowerCase(Locale.ROOT);
        return a.contains("text/html") || a.contains("application/xhtml+xml") || a.contains("*/*");
    }

    /** Whether the path names a static asset by its extension: never a page that could carry a notice. */
    static boolean isAsset(String path) {
        int slash = path.lastIndexOf('/');
        int dot = path.lastIndexOf('.');
        if (dot <= slash || dot == path.length() - 1) {
            return false;
        }
        return ASSET_EXTENSIONS.contains(path.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** Sends what the banner response holds when async processing ends without our context's complete(). */
    private static final class FinishOnComplete implements AsyncListener {
        private final BannerResponse banner;

        FinishOnComplete(BannerResponse banner) {
            this.banner = banner;
        }

        @Override
        public void onComplete(AsyncEvent event) {
            banner.finishQuietly();
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            // the container's timeout handling decides what the visitor gets
        }

        @Override
        public void onError(AsyncEvent event) {
            banner.abandon();
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            event.getAsyncContext().addListener(this);
        }
    }
}
