package io.tocsin.servlet;

import io.tocsin.core.Checker;
import io.tocsin.core.config.CheckerSettings;
import io.tocsin.core.config.ConfigException;
import io.tocsin.core.config.Settings;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * Tells visitors whose address is listed as infected: a banner, an interstitial page or a block page,
 * per {@link FilterOptions#mode()}, and serves Tocsin's own endpoints under {@link FilterOptions#path()}.
 * Clean visitors, unknown verdicts and every internal failure pass through untouched.
 *
 * <p>Configured in code:
 * <pre>{@code
 * Checker checker = CheckerSettings.builder(settings).build();
 * Filter filter = new TocsinFilter(checker, FilterOptions.from(settings)); // the caller closes the checker
 * }</pre>
 * or with no code at all, in {@code WEB-INF/web.xml}, by init-params: each {@code tocsin.*} key as
 * its own init-param, or {@code tocsin.config} naming a properties file (a path, or
 * {@code classpath:name}); init-params override the file. The filter then makes, owns and closes its
 * {@link Checker}. A bad key or value fails {@link #init} with a message naming both.
 *
 * <p>The filter may be declared {@code async-supported}, and mapped for the {@code REQUEST},
 * {@code ASYNC} and {@code ERROR} dispatcher types; it acts once per request.
 */
public final class TocsinFilter implements Filter {

    /** The request attribute holding the visitor's {@link io.tocsin.core.Verdict}, when one was looked up. */
    public static final String VERDICT_ATTRIBUTE = "io.tocsin.Verdict";

    /** The init-param naming a properties file of {@code tocsin.*} keys. */
    public static final String CONFIG_PARAM = "tocsin.config";

    private final boolean ownsChecker;
    private volatile Checker checker;
    private volatile FilterOptions options;
    private volatile RequestHandler handler;

    /** For web.xml: reads its configuration from init-params in {@link #init(FilterConfig)}. */
    public TocsinFilter() {
        this.ownsChecker = true;
    }

    /**
     * A filter using {@code checker}, which the caller owns (starts and closes); init-params are ignored.
     */
    public TocsinFilter(Checker checker, FilterOptions options) {
        this.ownsChecker = false;
        this.checker = Objects.requireNonNull(checker, "checker");
        this.options = Objects.requireNonNull(options, "options");
        this.handler = new RequestHandler(checker, options);
    }

    /**
     * The longest {@link #init} waits for the sources' first health check or load, so that the first
     * visitors are checked against started sources; a slower source answers "starting" until it is.
     */
    public static final Duration START_WAIT = Duration.ofSeconds(5);

    /**
     * Makes the checker from init-params (unless one was passed to the constructor), then warms up:
     * waits for the sources to start ({@link #START_WAIT} at most) and runs once what a first lookup
     * and a first banner need ({@link Checker#warmUp}), so that a visitor's first request is not the
     * one that pays for class loading and connection set-up. The warm-up asks no list.
     */
    @Override
    public void init(FilterConfig config) throws ServletException {
        if (!ownsChecker) {
            warmUp(config);
            return;
        }
        Settings settings;
        Checker made = null;
        try {
            settings = Settings.of(initParams(config));
            Checker.Builder builder = CheckerSettings.builder(settings);
            FilterOptions opts = FilterOptions.from(settings);
            settings.rejectUnknown();
            made = builder.build();
            this.options = opts;
            this.checker = made;
            this.handler = new RequestHandler(made, opts);
            warmUp(config);
        } catch (ConfigException e) {
            throw new ServletException("Tocsin configuration: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            if (made != null) {
                made.close();
            }
            throw new ServletException("Tocsin could not start: " + e, e);
        }
    }

    private void warmUp(FilterConfig config) {
        if (!options.enabled()) {
            return;
        }
        boolean started = checker.warmUp(START_WAIT);
        handler.warmUp();
        if (!started && config != null) {
            try {
                config.getServletContext().log("Tocsin: sources still starting after " + START_WAIT.toSeconds()
                        + "s; until they are, their lookups answer \"starting\"");
            } catch (RuntimeException e) {
                // a container without a context log: the sources' health says the same
            }
        }
    }

    /** The {@code tocsin.*} init-params, over the file named by {@code tocsin.config} if any. */
    private static Map<String, String> initParams(FilterConfig config) {
        Map<String, String> map = new LinkedHashMap<>();
        String file = config.getInitParameter(CONFIG_PARAM);
        if (file != null && !file.isBlank()) {
            map.putAll(load(file.trim()));
        }
        for (String name : Collections.list(config.getInitParameterNames())) {
            if (!name.equals(CONFIG_PARAM)) {
                map.put(name, config.getInitParameter(name)); // Settings keeps tocsin.* and misspelt prefixes
            }
        }
        return map;
    }

    private static Map<String, String> load(String location) {
        Settings loaded;
        if (location.startsWith("classpath:")) {
            String name = location.substring("classpath:".length()).replaceFirst("^/", "");
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            if (loader == null) {
                loader = TocsinFilter.class.getClassLoader();
            }
            Properties properties = new Properties();
            try (InputStream in = loader.getResourceAsStream(name)) {
                if (in == null) {
                    throw new ConfigException(CONFIG_PARAM, location, "names no class-path resource");
                }
                properties.load(in);
            } catch (IOException | IllegalArgumentException e) {
                throw new ConfigException(CONFIG_PARAM, location, "cannot be read: " + e.getMessage());
            }
            loaded = Settings.of(properties);
        } else {
            loaded = Settings.load(Path.of(location));
        }
        Map<String, String> map = new LinkedHashMap<>(loaded.asMap());
        map.putAll(loaded.misspelt()); // so that init fails on them as on any unknown key
        return map;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        RequestHandler h = handler;
        if (h == null || !(request instanceof HttpServletRequest) || !(response instanceof HttpServletResponse)) {
            chain.doFilter(request, response);
            return;
        }
        h.handle((HttpServletRequest) request, (HttpServletResponse) response, chain);
    }

    /**
     * Closes the checker made from init-params, and with it every thread it started, so that a
     * reloaded webapp leaves none behind; a checker passed to the constructor stays its caller's.
     */
    @Override
    public void destroy() {
        Checker c = checker;
        if (ownsChecker && c != null) {
            checker = null;
            handler = null;
            c.close();
        }
    }

    /** The checker in use: the caller's, or the one made from init-params ({@code null} before init). */
    public Checker checker() {
        return checker;
    }

    /** The options in use ({@code null} before init when configured by init-params). */
    public FilterOptions options() {
        return options;
    }

    @Override
    public String toString() {
        return "TocsinFilter{" + options + ", " + checker + "}";
    }
}
