package io.tocsin.servlet;

import io.tocsin.core.Checker;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Decides, per request, what the filter does. */
final class RequestHandler {

    private final Checker checker;
    private final FilterOptions options;

    RequestHandler(Checker checker, FilterOptions options) {
        this.checker = checker;
        this.options = options;
    }

    void handle(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        chain.doFilter(request, response);
    }
}
