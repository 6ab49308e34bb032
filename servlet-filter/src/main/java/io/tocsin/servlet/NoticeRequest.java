package io.tocsin.servlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * The request as the application sees it when its response will get a banner: without
 * {@code If-None-Match} and {@code If-Modified-Since}, so that a {@code 304} cannot hide the notice,
 * and with asynchronous processing kept on the banner-inserting response.
 */
final class NoticeRequest extends HttpServletRequestWrapper {

    private final BannerResponse response;
    private NoticeAsyncContext asyncContext;

    NoticeRequest(HttpServletRequest request, BannerResponse response) {
        super(request);
        this.response = response;
    }

    private static boolean hidden(String name) {
        return name != null && (name.equalsIgnoreCase("If-None-Match") || name.equalsIgnoreCase("If-Modified-Since"));
    }

    @Override
    public String getHeader(String name) {
        return hidden(name) ? null : super.getHeader(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
        return hidden(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
    }

    @Override
    public Enumeration<String> getHeaderNames() {
        List<String> names = new ArrayList<>();
        for (String name : Collections.list(super.getHeaderNames())) {
            if (!hidden(name)) {
                names.add(name);
            }
        }
        return Collections.enumeration(names);
    }

    @Override
    public long getDateHeader(String name) {
        return hidden(name) ? -1 : super.getDateHeader(name);
    }

    @Override
    public int getIntHeader(String name) {
        return hidden(name) ? -1 : super.getIntHeader(name);
    }

    /**
     * Starts async processing with this request and the banner response, not the container's own
     * objects (which {@code startAsync()} would otherwise hand out), so async writes get the banner too.
     */
    @Override
    public AsyncContext startAsync() {
        asyncContext = new NoticeAsyncContext(getRequest().startAsync(this, response), response);
        return asyncContext;
    }

    @Override
    public AsyncContext startAsync(ServletRequest request, ServletResponse servletResponse) {
        asyncContext = new NoticeAsyncContext(super.startAsync(request, servletResponse), response);
        return asyncContext;
    }

    @Override
    public AsyncContext getAsyncContext() {
        AsyncContext context = super.getAsyncContext();
        return asyncContext != null && context == asyncContext.delegate() ? asyncContext : context;
    }
}
