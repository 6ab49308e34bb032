package io.tocsin.core.http;

import io.tocsin.core.SourceContext;
import io.tocsin.core.SourceResult.Failure;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Headers;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.UnexpectedEndOfInputException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One source's access to a JSON HTTP service, with the limits every such source needs: at most
 * {@code max-in-flight} requests at once (the excess answered OVERLOADED at once, never queued), at
 * most {@code max-response-size} bytes read, timeouts, and a pause after HTTP 429 for as long as the
 * service asks ({@code Retry-After}) so that Tocsin never hammers a service that said stop.
 *
 * <p>Every problem becomes an {@link HttpAnswer.Problem} whose message says what went wrong and
 * never holds the visitor's address: callers pass that address as {@code redact}.
 */
public final class JsonEndpoint {

    private static final Logger LOG = LoggerFactory.getLogger(JsonEndpoint.class);
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    static final Duration DEFAULT_PAUSE = Duration.ofSeconds(60);
    static final Duration MAX_PAUSE = Duration.ofHours(24);
    private static final int SNIPPET = 160;

    private final String source;
    private final HttpOptions options;
    private volatile HttpClients http;
    private volatile OkHttpClient client;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile Clock clock = Clock.systemUTC();
    private volatile Instant pausedUntil = Instant.MIN;
    private volatile String pauseReason = "";

    public JsonEndpoint(String source, HttpOptions options) {
        this.source = Objects.requireNonNull(source, "source");
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * Uses the HTTP client and clock of the checker that starts the source (its clock, so that tests
     * control time); called from {@link io.tocsin.core.Source#start}. Requests before it fail.
     */
    public void start(SourceContext context) {
        this.clock = context.clock();
        HttpClients shared = HttpClients.of(context);
        this.client = shared.withConnectTimeout(options.connectTimeout());
        this.http = shared;
    }

    public HttpOptions options() {
        return options;
    }

    /** How long {@link #warmUp} waits for its loopback exchange. */
    private static final Duration WARM_UP_WAIT = Duration.ofSeconds(2);

    /**
     * Runs one request through this endpoint's whole path — OkHttp's call, connection and response
     * handling, Jackson's parser and {@code decoder} — against a one-shot HTTP server on loopback that
     * answers {@code body}, so that a visitor's first lookup does not load it all inside its budget.
     * Asks the real service nothing; waits at most two seconds; never throws. For
     * {@link io.tocsin.core.Source#warmUp}, after {@link #start}.
     */
    public void warmUp(JsonDecoder<?> decoder, String body) {
        if (http == null) {
            return;
        }
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout((int) WARM_UP_WAIT.toMillis());
            Thread answering = new Thread(() -> answerOnce(server, body), "tocsin-warm-up");
            answering.setDaemon(true);
            answering.start();
            Request request = new Request.Builder().url("http://127.0.0.1:" + server.getLocalPort() + "/warm-up").build();
            get(request, decoder, null).get(WARM_UP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            answering.join(WARM_UP_WAIT.toMillis());
        } catch (IOException | ExecutionException | TimeoutException | RuntimeException e) {
            LOG.debug("HTTP source {}: warm-up failed, the first lookup will do it: {}", source, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void answerOnce(ServerSocket server, String body) {
        try (Socket socket = server.accept()) {
            socket.setSoTimeout((int) WARM_UP_WAIT.toMillis());
            InputStream in = socket.getInputStream();
            int matched = 0;
            while (matched < 4) { // up to the blank line that ends the request head
                int b = in.read();
                if (b < 0) {
                    return;
                }
                matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            OutputStream out = socket.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            // the warm-up request gave up, or never came
        }
    }

    /** Requests now in flight. */
    public int inFlight() {
        return inFlight.get();
    }

    /** Until when requests are refused after a rate limit, or {@code null} when not paused. */
    public Instant pausedUntil() {
        Instant until = pausedUntil;
        return until.isAfter(clock.instant()) ? until : null;
    }

    /** Refuses requests until {@code until}, e.g. when a service reports its quota used up. */
    public void pause(Instant until, String reason) {
        Instant max = clock.instant().plus(MAX_PAUSE);
        Instant bounded = until.isAfter(max) ? max : until;
        if (bounded.isAfter(pausedUntil)) {
            pausedUntil = bounded;
            pauseReason = reason;
            LOG.warn("HTTP source {} paused until {}: {}", source, bounded, reason);
        }
    }

    /**
     * Sends {@code request} and decodes a 2xx JSON answer with {@code decoder}. The future always
     * completes normally.
     *
     * @param redact text to hide from every message (the visitor's address), or {@code null}
     */
    public <T> CompletableFuture<HttpAnswer<T>> get(Request request, JsonDecoder<T> decoder, String redact) {
        Instant until = pausedUntil;
        if (until.isAfter(clock.instant())) {
            return CompletableFuture.completedFuture(HttpAnswer.problem(Failure.OVERLOADED,
                    "paused until " + until + " (" + pauseReason + ")"));
        }
        if (inFlight.incrementAndGet() > options.maxInFlight()) {
            inFlight.decrementAndGet();
            return CompletableFuture.completedFuture(HttpAnswer.problem(Failure.OVERLOADED,
                    "too many requests in flight (max-in-flight=" + options.maxInFlight() + ")"));
        }
        HttpClients shared = http;
        if (shared == null) {
            inFlight.decrementAndGet();
            return CompletableFuture.completedFuture(HttpAnswer.problem(Failure.ERROR, "the source is not started"));
        }
        Request withAgent = request.newBuilder().header("User-Agent", HttpClients.userAgent()).build();
        CompletableFuture<HttpAnswer<T>> future = new CompletableFuture<>();
        Call call;
        try {
            call = client.newCall(withAgent);
        } catch (RuntimeException e) {
            inFlight.decrementAndGet();
            return CompletableFuture.completedFuture(HttpAnswer.problem(Failure.ERROR, "cannot send request: " + e.getMessage()));
        }
        // timeout bounds both each read and the whole call, so a service that trickles bytes cannot hold a lookup longer
        HttpClients.Deadline deadline = shared.deadline(call, options.timeout().plus(options.connectTimeout()));
        call.enqueue(new Callback() {
            @Override
            public void onFailure(Call c, IOException e) {
                deadline.cancel();
                inFlight.decrementAndGet();
                future.complete(deadline.expired()
                        ? HttpAnswer.problem(Failure.TIMEOUT, "no answer in time from " + IoProblems.server(c.request().url()) + " (timeout)")
                        : HttpAnswer.problem(kindOf(e), redact(IoProblems.describe(e, c.request().url()), redact)));
            }

            @Override
            public void onResponse(Call c, Response response) {
                HttpAnswer<T> answer;
                try (response) {
                    answer = handle(response, decoder, redact);
                } catch (IOException e) {
                    answer = deadline.expired()
                            ? HttpAnswer.problem(Failure.TIMEOUT, "no answer in time from " + IoProblems.server(c.request().url()) + " (timeout)")
                            : HttpAnswer.problem(kindOf(e), redact(IoProblems.describe(e, c.request().url()), redact));
                } catch (RuntimeException e) {
                    answer = HttpAnswer.problem(Failure.ERROR, redact("cannot read the answer: " + e, redact));
                } finally {
                    deadline.cancel();
                    inFlight.decrementAndGet();
                }
                future.complete(answer);
            }
        });
        return future;
    }

    private <T> HttpAnswer<T> handle(Response response, JsonDecoder<T> decoder, String redact) throws IOException {
        int code = response.code();
        if (code == 429) {
            Duration wait = retryAfter(response.headers(), clock.instant());
            pause(clock.instant().plus(wait), "HTTP 429 Too Many Requests");
            return HttpAnswer.problem(Failure.OVERLOADED, "rate limited by the service (HTTP 429); paused for "
                    + wait.toSeconds() + "s");
        }
        if (code < 200 || code > 299) {
            String snippet = snippet(response.body(), redact);
            String what = switch (code) {
                case 401, 403 -> "HTTP " + code + ": the API key is wrong, missing or not allowed (check api-key)";
                case 404 -> "HTTP 404: no such endpoint (check url)";
                default -> code >= 300 && code < 400
                        ? "HTTP " + code + ": redirects are not followed (check url)"
                        : "HTTP " + code;
            };
            return HttpAnswer.problem(Failure.ERROR, snippet.isEmpty() ? what : what + ", service said: " + snippet);
        }
        byte[] bytes = readCapped(response.body());
        if (bytes == null) {
            return HttpAnswer.problem(Failure.ERROR, "answer larger than max-response-size ("
                    + ByteSizes.format(options.maxResponseSize()) + ")");
        }
        JsonNode tree;
        try {
            tree = MAPPER.readTree(bytes);
        } catch (UnexpectedEndOfInputException e) {
            return HttpAnswer.problem(Failure.ERROR, "truncated JSON answer (" + bytes.length + " bytes)");
        } catch (JacksonException e) {
            return HttpAnswer.problem(Failure.ERROR, redact("answer is not JSON: " + IoProblems.firstLine(e.getOriginalMessage()), redact));
        }
        if (tree == null || tree.isMissingNode()) {
            return HttpAnswer.problem(Failure.ERROR, "empty answer where JSON was expected");
        }
        try {
            return HttpAnswer.ok(decoder.decode(tree, response.headers()));
        } catch (UnexpectedJsonException e) {
            return HttpAnswer.problem(Failure.ERROR, redact("unexpected JSON answer: " + e.getMessage(), redact));
        }
    }

    /** The body, or {@code null} if it is larger than the cap. */
    private byte[] readCapped(ResponseBody body) throws IOException {
        long max = options.maxResponseSize();
        if (body.contentLength() > max) {
            return null;
        }
        BufferedSource in = body.source();
        if (in.request(max + 1)) {
            return null;
        }
        return in.getBuffer().readByteArray();
    }

    /** A short printable excerpt of an error body, for operators. */
    private String snippet(ResponseBody body, String redact) {
        try {
            BufferedSource in = body.source();
            in.request(SNIPPET * 4L);
            long n = Math.min(in.getBuffer().size(), SNIPPET * 4L);
            String text = in.getBuffer().readUtf8(n);
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < text.length() && sb.length() < SNIPPET; i++) {
                char c = text.charAt(i);
                sb.append(c < 0x20 || c == 0x7F ? ' ' : c);
            }
            String s = sb.toString().strip();
            String said = serviceMessage(text);
            if (said != null) {
                return redact(said, redact);
            }
            return redact(text.length() > SNIPPET ? s + "…" : s, redact);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /**
     * The message of a JSON error body in the shapes APIs use: {@code {"message":"access forbidden"}}
     * (CrowdSec) or {@code {"errors":[{"detail":"…","status":401}]}} (AbuseIPDB, JSON:API); else {@code null}.
     */
    private static String serviceMessage(String text) {
        try {
            JsonNode tree = MAPPER.readTree(text);
            JsonNode m = tree.path("message");
            if (!m.isString()) {
                m = tree.path("errors").path(0).path("detail");
            }
            if (!m.isString()) {
                m = tree.path("error");
            }
            if (!m.isString()) {
                return null;
            }
            StringBuilder sb = new StringBuilder();
            String v = m.stringValue();
            for (int i = 0; i < v.length() && sb.length() < SNIPPET; i++) {
                char c = v.charAt(i);
                sb.append(c < 0x20 || c == 0x7F ? ' ' : c);
            }
            return v.length() > SNIPPET ? sb + "…" : sb.toString();
        } catch (JacksonException e) {
            return null;
        }
    }

    /**
     * How long a 429 asks to wait: {@code Retry-After} (seconds or an HTTP date), else
     * {@code X-RateLimit-Reset} (epoch seconds, as AbuseIPDB sends), else a minute.
     */
    static Duration retryAfter(Headers headers, Instant now) {
        Duration wait = null;
        String retryAfter = headers.get("Retry-After");
        if (retryAfter != null) {
            String v = retryAfter.trim();
            try {
                wait = Duration.ofSeconds(Long.parseLong(v));
            } catch (NumberFormatException e) {
                try {
                    wait = Duration.between(now, ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                } catch (DateTimeParseException e2) {
                    wait = null;
                }
            }
        }
        if (wait == null) {
            Instant reset = epochSeconds(headers.get("X-RateLimit-Reset"));
            if (reset != null) {
                wait = Duration.between(now, reset);
            }
        }
        if (wait == null || wait.isNegative() || wait.isZero()) {
            wait = wait == null ? DEFAULT_PAUSE : Duration.ofSeconds(1);
        }
        return wait.compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : wait;
    }

    /** Parses a header holding epoch seconds, or returns {@code null}. */
    public static Instant epochSeconds(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.ofEpochSecond(Long.parseLong(value.trim()));
        } catch (NumberFormatException | java.time.DateTimeException e) {
            return null;
        }
    }

    static Failure kindOf(IOException e) {
        return e instanceof InterruptedIOException ? Failure.TIMEOUT : Failure.ERROR;
    }

    /** {@code message} with every occurrence of {@code secret} replaced. */
    public static String redact(String message, String secret) {
        if (secret == null || secret.isEmpty() || message == null) {
            return message;
        }
        return message.replace(secret, "<ip>");
    }

    @Override
    public String toString() {
        return "JsonEndpoint{" + source + ", " + options + "}";
    }
}
