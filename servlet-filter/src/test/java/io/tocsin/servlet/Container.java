package io.tocsin.servlet;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;

/** An embedded servlet container on a free loopback port, running a servlet behind an optional filter. */
interface Container extends AutoCloseable {

    int port();

    @Override
    void close();

    /**
     * Starts a container running {@code servlet} behind {@code filter} (none when {@code null}). The
     * contract tests take one, so that other modules run them on other containers (Servlet 6.0's
     * Tomcat 10.1 and Jetty ee10 in {@code compat-servlet60}).
     */
    @FunctionalInterface
    interface Factory {
        Container start(Filter filter, HttpServlet servlet);
    }

    /** Jetty 12.1 (ee11) on a free port of 127.0.0.1. */
    static Container jetty(Filter filter, HttpServlet servlet) {
        return JettyContainer.start(filter, servlet);
    }

    /** Tomcat 11 on a free port of 127.0.0.1. */
    static Container tomcat(Filter filter, HttpServlet servlet) {
        return TomcatContainer.start(filter, servlet);
    }

    /** The containers this module's tests run on. */
    enum Kind implements Factory {
        JETTY, TOMCAT;

        @Override
        public Container start(Filter filter, HttpServlet servlet) {
            // each implementation in its own class, so that this one links without Jetty ee11 or Tomcat 11
            return this == JETTY ? jetty(filter, servlet) : tomcat(filter, servlet);
        }
    }
}
