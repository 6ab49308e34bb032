package io.tocsin.servlet;

import io.tocsin.core.Category;
import io.tocsin.core.Checker;
import io.tocsin.core.Listing;
import io.tocsin.core.Verdict;
import io.tocsin.core.ip.IpAddress;
import io.tocsin.core.json.VerdictJson;
import io.tocsin.servlet.html.BodyTagScanner;
import io.tocsin.servlet.notice.NoticeRenderer;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The filter's way through one request, in one direction: a {@link Visit} is made for it; a request
 * for one of Tocsin's endpoints goes to {@link Endpoints}; any other gets the {@link Action} its
 * {@link Mode} decides, and passes on untouched, with a banner, redirected to the notice, or blocked.
 * Every internal failure lets the request through as if Tocsin were not there.
 */
final class RequestHandler {

    /** Set on a request once the filter has acted on it; holds the banner response, if any. */
    static final String HANDLED = TocsinFilter.class.getName() + ".handled";

    /** TEST-NET-1: never a visitor. */
    private static final IpAddress WARM_UP_ADDRESS = IpAddress.parse("192.0.2.0");

    private final Site site;
    private final FilterOptions options;
    private final Endpoints endpoints;

    RequestHandler(Checker checker, FilterOptions options) {
        this.site = Site.of(checker, options);
        this.options = options;
        this.endpoints = new Endpoints(site);
    }

    /**
     * Runs once, when the filter starts, what a visitor's first request would otherwise load inside
     * its budget: the banner and the notice page rendered for a made-up verdict, the verdict's JSON,
     * the body-tag scanner on a small page, the client-address walk, and the classes that wrap a
     * request. Sends nothing anywhere; a failure only means the first visitor pays for it.
     */
    void warmUp() {
        try {
            NoticeRenderer renderer = site.renderer();
            String base = options.path();
            NoticeRenderer.Links links = new NoticeRenderer.Links(base + "/tocsin.css", base + "/notice?return=%2F", base + "/ack", "/");
            for (String acceptLanguage : new String[] {"en", "de-DE,de;q=0.9,en;q=0.8"}) {
                Locale language = renderer.language(acceptLanguage);
                renderer.banner(language, links, true);
                renderer.banner(language, links, false);
                Verdict verdict = Verdict.of(WARM_UP_ADDRESS,
                        List.of(new Listing("warm-up", Category.INFECTED, List.of("127.0.0.2"), "warm-up")), List.of(),
                        Set.of(Category.INFECTED));
                renderer.notice(language, links, verdict, false, "localhost");
                VerdictJson.write(verdict);
            }
            byte[] page = "<!DOCTYPE html><html><head><title>t</title></head><body><p>&amp;</p></body></html>"
                    .getBytes(StandardCharsets.US_ASCII);
            new BodyTagScanner().scan(page, 0, page.length);
            site.resolver().resolve("127.0.0.1", name -> Collections.emptyEnumeration());
            site.ack().isValid("warm-up", WARM_UP_ADDRESS);
            ClassLoader loader = RequestHandler.class.getClassLoader();
            for (Class<?> type : List.of(Visit.class, Action.class, BannerResponse.class, NoticeRequest.class,
                    EncodingWriter.class, NoticeAsyncContext.class, ScriptPolicy.class, Endpoints.class, FinishOnComplete.class)) {
                Class.forName(type.getName(), true, loader);
            }
        } catch (RuntimeException | LinkageError | ClassNotFoundException e) {
            // an optimisation only: the first visitor's request does the same, as it did before
        }
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

        Visit visit;
        try {
            visit = new Visit(request, site);
        } catch (RuntimeException e) {
            chain.doFilter(request, response);
            return;
        }
        if (visit.endpoint()) {
            if (!endpoints.serve(visit, response)) {
                chain.doFilter(request, response); // an endpoint failed: as if Tocsin were not there
            }
            return;
        }
        Action action;
        try {
            action = Action.decide(options.mode(), visit);
        } catch (RuntimeException e) {
            action = Action.PASS;
        }
        switch (action) {
            case BANNER:
                withBanner(visit, response, chain);
                return;
            case INTERSTITIAL:
                if (!endpoints.redirectToNotice(visit, response)) {
                    chain.doFilter(request, response);
                }
                return;
            case BLOCK:
                if (!endpoints.block(visit, response)) {
                    chain.doFilter(request, response);
                }
                return;
            case OBSERVE:
                try {
                    visit.verdict(); // for the application, as the request attribute
                } catch (RuntimeException e) {
                    // no verdict for the application, and the request goes on
                }
                chain.doFilter(request, response);
                return;
            default:
                chain.doFilter(request, response);
        }
    }

    private void withBanner(Visit visit, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = visit.request();
        BannerResponse banner;
        NoticeRequest noticeRequest;
        try {
            Locale language = visit.language();
            NoticeRenderer.Links links = visit.links();
            NoticeRenderer renderer = site.renderer();
            NoticeListener listener = options.noticeListener();
            banner = new BannerResponse(response, options.scanLimit(),
                    () -> renderer.bannerBytes(language, links, ScriptPolicy.allowsOwnScripts(response)),
                    () -> {
                        listener.noticeShown(Mode.BANNER);
                        listener.visitorActed(Mode.BANNER, VisitorAction.SHOWN, language);
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
