package io.tocsin.servlet;

import io.tocsin.core.Checker;
import io.tocsin.servlet.notice.NoticeRenderer;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;

/**
 * The filter's way through one request, in one direction: a {@link Visit} is made for it; a request
 * for one of Tocsin's endpoints goes to {@link Endpoints}; any other gets the {@link Action} its
 * {@link Mode} decides, and passes on untouched, with a banner, redirected to the notice, or blocked.
 * Every internal failure lets the request through as if Tocsin were not there.
 */
final class RequestHandler {

    /** Set on a request once the filter has acted on it; holds the banner response, if any. */
    static final String HANDLED = TocsinFilter.class.getName() + ".handled";

    private final Site site;
    private final FilterOptions options;
    private final Endpoints endpoints;

    RequestHandler(Checker checker, FilterOptions options) {
        this.site = Site.of(checker, options);
        this.options = options;
        this.endpoints = new Endpoints(site);
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
