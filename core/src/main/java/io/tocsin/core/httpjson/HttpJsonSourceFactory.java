package io.tocsin.core.httpjson;

import io.tocsin.core.Category;
import io.tocsin.core.Source;
import io.tocsin.core.config.ConfigException;
import io.tocsin.core.config.Settings;
import io.tocsin.core.config.SourceFactory;
import io.tocsin.core.http.HttpOptions;
import java.util.LinkedHashMap;
import java.util.Map;
import okhttp3.Headers;
import tools.jackson.core.JsonPointer;

/**
 * Type {@code http-json}: keys {@code url} (required, with {@code {ip}}), {@code pointer} (required),
 * {@code threshold}, {@code category}, {@code reason-pointer}, {@code header.NAME}, {@code lookup-url}, and the HTTP keys
 * {@code timeout}, {@code connect-timeout}, {@code max-in-flight}, {@code max-response-size}.
 */
public final class HttpJsonSourceFactory implements SourceFactory {

    @Override
    public String type() {
        return "http-json";
    }

    @Override
    public Source create(String name, Settings s) {
        String url = s.required("url");
        if (!url.contains("{ip}")) {
            throw new ConfigException(s.key("url"), url, "has no {ip} placeholder for the address to look up");
        }
        if (HttpJsonSource.url(url, "192.0.2.1") == null || HttpJsonSource.url(url, "2001:db8::1") == null) {
            throw new ConfigException(s.key("url"), url, "is not an http:// or https:// URL");
        }
        JsonPointer pointer = pointer(s, "pointer", s.required("pointer"));
        String reasonText = s.string("reason-pointer");
        JsonPointer reason = reasonText == null ? null : pointer(s, "reason-pointer", reasonText);
        Double threshold = s.has("threshold") && s.string("threshold") != null ? s.decimal("threshold", 0) : null;
        Category category = s.category("category", Category.INFECTED);
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : s.entries("header.").entrySet()) {
            try {
                Headers.of(e.getKey(), e.getValue()); // validates name and value
            } catch (IllegalArgumentException ex) {
                throw new ConfigException(s.key("header." + e.getKey()), e.getValue(), "is not a valid HTTP header: " + ex.getMessage());
            }
            headers.put(e.getKey(), e.getValue());
        }
        HttpOptions http = HttpOptions.from(s, HttpOptions.DEFAULT_MAX_RESPONSE_SIZE);
        return new HttpJsonSource(name, url, headers, pointer, threshold, reason, category, http, s.urlTemplate("lookup-url", null));
    }

    private static JsonPointer pointer(Settings s, String key, String text) {
        try {
            return JsonPointer.compile(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(s.key(key), text, "is not a JSON Pointer (RFC 6901, e.g. /data/listed)");
        }
    }
}
