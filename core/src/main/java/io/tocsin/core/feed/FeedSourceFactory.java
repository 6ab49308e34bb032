package io.tocsin.core.feed;

import io.tocsin.core.Category;
import io.tocsin.core.Source;
import io.tocsin.core.config.ConfigException;
import io.tocsin.core.config.Settings;
import io.tocsin.core.config.SourceFactory;
import io.tocsin.core.http.ByteSizes;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import okhttp3.Headers;
import okhttp3.HttpUrl;

/**
 * Type {@code feed}: keys {@code file} (a path or an http(s) URL) or {@code url}, {@code refresh},
 * {@code category}, {@code max-shrink}, {@code max-errors}, {@code max-size}, {@code lookup-url}, and for URLs
 * {@code timeout}, {@code connect-timeout} and {@code header.NAME}.
 */
public final class FeedSourceFactory implements SourceFactory {

    static final Duration FILE_REFRESH = Duration.ofMinutes(1);
    static final Duration URL_REFRESH = Duration.ofHours(1);
    static final long DEFAULT_MAX_SIZE = 256L << 20;

    @Override
    public String type() {
        return "feed";
    }

    @Override
    public Source create(String name, Settings s) {
        String file = s.string("file");
        String url = s.string("url");
        if (file != null && url != null) {
            throw new ConfigException(s.key("url"), url, "conflicts with " + s.key("file") + " (set one of them)");
        }
        if (file == null && url == null) {
            throw new ConfigException(s.key("file"), "is required for a feed (a file path or an http(s) URL)");
        }
        String key = file != null ? "file" : "url";
        String location = file != null ? file : url;
        String sizeText = s.string("max-size");
        long maxSize = sizeText == null ? DEFAULT_MAX_SIZE : ByteSizes.parse(s.key("max-size"), sizeText);
        Map<String, String> headerMap = s.entries("header.");
        boolean remote = location.toLowerCase(Locale.ROOT).startsWith("http://") || location.toLowerCase(Locale.ROOT).startsWith("https://");
        Duration connectTimeout = s.positiveDuration("connect-timeout", Duration.ofSeconds(5));
        Duration timeout = s.positiveDuration("timeout", Duration.ofSeconds(30));
        FeedOrigin origin;
        if (remote) {
            HttpUrl httpUrl = HttpUrl.parse(location);
            if (httpUrl == null) {
                throw new ConfigException(s.key(key), location, "is not a valid http(s) URL");
            }
            Headers headers;
            try {
                headers = Headers.of(headerMap);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(s.key("header.*"), headerMap.toString(), "holds an invalid HTTP header: " + e.getMessage());
            }
            origin = new HttpFeedOrigin(httpUrl, headers, maxSize, connectTimeout, timeout);
        } else {
            if (key.equals("url")) {
                throw new ConfigException(s.key("url"), location, "is not an http:// or https:// URL (use file for a local path)");
            }
            if (location.contains("://")) {
                throw new ConfigException(s.key(key), location, "is neither a file path nor an http(s) URL");
            }
            if (!headerMap.isEmpty()) {
                throw new ConfigException(s.key("header." + headerMap.keySet().iterator().next()), "applies only to a feed at an http(s) URL");
            }
            try {
                origin = new FileFeedOrigin(Path.of(location), maxSize);
            } catch (InvalidPathException e) {
                throw new ConfigException(s.key(key), location, "is not a file path: " + e.getMessage());
            }
        }
        Duration refresh = s.positiveDuration("refresh", remote ? URL_REFRESH : FILE_REFRESH);
        Category category = s.category("category", Category.INFECTED);
        int maxShrink = (int) s.number("max-shrink", 90, 0, 100);
        int maxErrors = (int) s.number("max-errors", 0, 0, Integer.MAX_VALUE);
        return new FeedSource(name, origin, category, refresh, maxShrink, maxErrors, s.urlTemplate("lookup-url", null));
    }
}
