package io.tocsin.core.crowdsec;

import io.tocsin.core.Source;
import io.tocsin.core.SourceContext;
import io.tocsin.core.SourceHealth;
import io.tocsin.core.SourceResult;
import io.tocsin.core.http.HttpAnswer;
import io.tocsin.core.http.JsonEndpoint;
import io.tocsin.core.http.UnexpectedJsonException;
import io.tocsin.core.ip.IpAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import okhttp3.HttpUrl;
import okhttp3.Request;
import tools.jackson.databind.JsonNode;

/**
 * {@code crowdsec} in {@code mode=live}: asks the Local API about each address,
 * {@code GET {url}/v1/decisions?ip=…} with the bouncer key in {@code X-Api-Key}. A body of
 * {@code null} (not {@code []}) is the API's "no decision". Each visitor's address goes to the API.
 */
final class CrowdsecLiveSource implements Source {

    private final CrowdsecOptions options;
    private final JsonEndpoint endpoint;
    private final HttpUrl decisionsUrl;
    private final Instant created = Instant.now();

    CrowdsecLiveSource(CrowdsecOptions options) {
        this.options = options;
        this.endpoint = new JsonEndpoint(options.name(), options.http());
        this.decisionsUrl = options.url().newBuilder().addPathSegments("v1/decisions").build();
    }

    @Override
    public String name() {
        return options.name();
    }

    /** One request through the whole path, to a one-shot loopback server: the service is asked nothing. */
    @Override
    public void warmUp() {
        endpoint.warmUp(this::decode, "null");
    }

    @Override
    public CompletionStage<?> start(SourceContext context) {
        endpoint.start(context);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<SourceResult> query(IpAddress ip) {
        String text = ip.toString();
        Request request = new Request.Builder()
                .url(decisionsUrl.newBuilder().addQueryParameter("ip", text).build())
                .header("X-Api-Key", options.apiKey())
                .header("Accept", "application/json")
                .build();
        return endpoint.get(request, this::decode, text).thenApply(HttpAnswer::toResult);
    }

    @Override
    public Optional<String> lookupUrl(IpAddress ip) {
        return Source.lookupUrl(options.lookupUrl(), ip);
    }

    private SourceResult decode(JsonNode body, okhttp3.Headers headers) throws UnexpectedJsonException {
        if (body.isNull()) {
            return SourceResult.NOT_LISTED;
        }
        if (!body.isArray()) {
            throw new UnexpectedJsonException("expected an array of decisions or null, got " + body.getNodeType());
        }
        List<Decision> decisions = new ArrayList<>(body.size());
        for (JsonNode node : body) {
            Decision d = Decision.parse(node, false);
            if (d != null) {
                decisions.add(d);
            }
        }
        return options.result(decisions);
    }

    @Override
    public SourceHealth health() {
        Instant paused = endpoint.pausedUntil();
        return paused != null
                ? SourceHealth.suspended("paused until " + paused + " after the API asked to slow down", created)
                : SourceHealth.up("live queries to " + options.url(), created);
    }

    @Override
    public String toString() {
        return "CrowdsecLiveSource{" + options.name() + ", " + options.url() + "}";
    }
}
