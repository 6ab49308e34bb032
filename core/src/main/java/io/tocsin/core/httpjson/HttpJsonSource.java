package io.tocsin.core.httpjson;

import io.tocsin.core.Category;
import io.tocsin.core.Listing;
import io.tocsin.core.Source;
import io.tocsin.core.SourceContext;
import io.tocsin.core.SourceHealth;
import io.tocsin.core.SourceResult;
import io.tocsin.core.http.HttpAnswer;
import io.tocsin.core.http.HttpOptions;
import io.tocsin.core.http.JsonEndpoint;
import io.tocsin.core.http.UnexpectedJsonException;
import io.tocsin.core.ip.IpAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.Request;
import tools.jackson.core.JsonPointer;
import tools.jackson.databind.JsonNode;

/**
 * Asks an HTTP service about each address: {@code GET} the {@code url} template with {@code {ip}}
 * replaced, then reads the value at {@code pointer}. A boolean lists the address when {@code true}; a
 * number lists it when it reaches {@code threshold}; JSON {@code null} means not listed. A missing
 * value, any other type, or a number without a configured threshold is an error result: guessing
 * would risk crying wolf.
 */
final class HttpJsonSource implements Source {

    private final String name;
    private final String urlTemplate;
    private final Headers headers;
    private final JsonPointer pointer;
    private final Double threshold;
    private final JsonPointer reasonPointer;
    private final Category category;
    private final String lookupUrl;
    private final JsonEndpoint endpoint;
    private final Instant created = Instant.now();

    HttpJsonSource(String name, String urlTemplate, Map<String, String> headers, JsonPointer pointer, Double threshold,
                   JsonPointer reasonPointer, Category category, HttpOptions http, String lookupUrl) {
        this.lookupUrl = lookupUrl;
        this.name = Objects.requireNonNull(name, "name");
        this.urlTemplate = Objects.requireNonNull(urlTemplate, "urlTemplate");
        this.headers = Headers.of(headers);
        this.pointer = Objects.requireNonNull(pointer, "pointer");
        this.threshold = threshold;
        this.reasonPointer = reasonPointer;
        this.category = Objects.requireNonNull(category, "category");
        this.endpoint = new JsonEndpoint(name, http);
    }

    /** The URL for {@code ip}, or {@code null} if the template does not make one. */
    static HttpUrl url(String template, String ip) {
        return HttpUrl.parse(template.replace("{ip}", ip));
    }

    @Override
    public String name() {
        return name;
    }

    /** One request through the whole path, to a one-shot loopback server: the service is asked nothing. */
    @Override
    public void warmUp() {
        endpoint.warmUp(this::decode, "{}");
    }

    @Override
    public CompletionStage<?> start(SourceContext context) {
        endpoint.start(context);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<SourceResult> query(IpAddress ip) {
        String text = ip.toString();
        HttpUrl url = url(urlTemplate, text);
        if (url == null) {
            return CompletableFuture.completedFuture(SourceResult.failed(SourceResult.Failure.ERROR, "url does not make a URL"));
        }
        Request.Builder request = new Request.Builder().url(url).headers(headers);
        if (headers.get("Accept") == null) {
            request.header("Accept", "application/json");
        }
        return endpoint.get(request.build(), this::decode, text).thenApply(HttpAnswer::toResult);
    }

    private SourceResult decode(JsonNode body, Headers responseHeaders) throws UnexpectedJsonException {
        JsonNode value = body.at(pointer);
        if (value.isMissingNode()) {
            throw new UnexpectedJsonException("nothing at pointer " + pointer);
        }
        boolean listed;
        String code;
        if (value.isNull()) {
            return SourceResult.NOT_LISTED;
        } else if (value.isBoolean()) {
            listed = value.booleanValue();
            code = Boolean.toString(listed);
        } else if (value.isNumber()) {
            if (threshold == null) {
                throw new UnexpectedJsonException("the value at " + pointer + " is a number; set threshold to say which numbers list an address");
            }
            double d = value.asDouble();
            listed = d >= threshold;
            code = value.asString();
        } else {
            throw new UnexpectedJsonException("the value at " + pointer + " is " + value.getNodeType() + ", not a boolean or a number");
        }
        if (!listed) {
            return SourceResult.NOT_LISTED;
        }
        String reason = null;
        if (reasonPointer != null) {
            JsonNode r = body.at(reasonPointer);
            if (r.isString() || r.isNumber() || r.isBoolean()) {
                reason = r.asString();
            }
        }
        return SourceResult.listed(new Listing(name, category, List.of(code), reason));
    }

    @Override
    public SourceHealth health() {
        Instant paused = endpoint.pausedUntil();
        return paused != null
                ? SourceHealth.suspended("paused until " + paused + " after HTTP 429", created)
                : SourceHealth.up("live queries", created);
    }

    @Override
    public Optional<String> lookupUrl(IpAddress ip) {
        return Source.lookupUrl(lookupUrl, ip);
    }

    @Override
    public String toString() {
        return "HttpJsonSource{" + name + ", pointer=" + pointer + ", threshold=" + threshold + "}";
    }
}
