package io.tocsin.core.feed;

import io.tocsin.core.SourceContext;
import io.tocsin.core.http.ByteSizes;
import io.tocsin.core.http.HttpClients;
import io.tocsin.core.http.IoProblems;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.Call;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * A feed at an http(s) URL, downloaded with a conditional GET: the {@code ETag} and
 * {@code Last-Modified} of the last accepted download go back as {@code If-None-Match} and
 * {@code If-Modified-Since}, so an unchanged feed costs a 304. A rejected download does not update
 * them, so the next refresh downloads it again.
 */
final class HttpFeedOrigin extends FeedOrigin {

    /** The longest a whole download may take, whatever the per-read timeout. */
    static final Duration DOWNLOAD_DEADLINE = Duration.ofMinutes(10);

    private final HttpUrl url;
    private final Headers headers;
    private final long maxSize;
    private final Duration connectTimeout;
    private final Duration timeout;
    private volatile HttpClients http;
    private volatile OkHttpClient client;
    private volatile Call current;
    private volatile boolean closed;
    private String etag;
    private String lastModified;
    private String pendingEtag;
    private String pendingLastModified;

    HttpFeedOrigin(HttpUrl url, Headers headers, long maxSize, Duration connectTimeout, Duration timeout) {
        this.url = Objects.requireNonNull(url, "url");
        this.headers = Objects.requireNonNull(headers, "headers");
        this.maxSize = maxSize;
        this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    @Override
    void start(SourceContext context) {
        HttpClients shared = HttpClients.of(context);
        client = shared.withConnectTimeout(connectTimeout);
        http = shared;
    }

    @Override
    void close() {
        closed = true;
        Call call = current;
        if (call != null) {
            call.cancel();
        }
    }

    @Override
    Fetched fetch() throws FetchException {
        Request.Builder request = new Request.Builder().url(url).headers(headers).header("User-Agent", HttpClients.userAgent());
        if (etag != null) {
            request.header("If-None-Match", etag);
        }
        if (lastModified != null) {
            request.header("If-Modified-Since", lastModified);
        }
        HttpClients shared = http;
        if (shared == null || closed) {
            throw new FetchException(closed ? "the source is closed" : "the source is not started");
        }
        Call call = client.newCall(request.build());
        current = call;
        AtomicReference<CappedInputStream> body = new AtomicReference<>(); // read by the deadline's thread
        // a large feed may take a while, but a server trickling bytes must not hold the loader forever
        HttpClients.Deadline deadline = shared.deadline(call, timeout, DOWNLOAD_DEADLINE, () -> {
            CappedInputStream in = body.get();
            return in == null ? 0 : in.count();
        });
        try (Response response = call.execute()) {
            if (response.code() == 304) {
                return new NotModified();
            }
            if (!response.isSuccessful()) {
                throw new FetchException("HTTP " + response.code() + (response.code() == 401 || response.code() == 403
                        ? ": access denied (check the header.* keys)" : ""));
            }
            long declared = response.body().contentLength();
            if (declared > maxSize) {
                throw new FetchException("download of " + declared + " bytes is larger than max-size (" + ByteSizes.format(maxSize) + ")");
            }
            FeedParser.Result result;
            try (CappedInputStream in = new CappedInputStream(response.body().byteStream(), maxSize)) {
                body.set(in);
                result = FeedParser.parse(in);
            }
            pendingEtag = response.header("ETag");
            pendingLastModified = response.header("Last-Modified");
            return new Content(result);
        } catch (TooLargeException e) {
            throw new FetchException("download is larger than max-size (" + ByteSizes.format(maxSize) + ")");
        } catch (InterruptedIOException e) {
            throw new FetchException("download timed out (" + e.getMessage() + ")");
        } catch (IOException e) {
            if (deadline.expired()) {
                throw new FetchException("download timed out (" + deadline.why() + ")");
            }
            if (closed) {
                throw new FetchException("download stopped: the source is closing");
            }
            String m = String.valueOf(e.getMessage());
            throw new FetchException(m.contains("unexpected end of stream") || e instanceof java.io.EOFException
                    ? "download cut short (" + m + ")" : "download failed: " + IoProblems.describe(e, url));
        } finally {
            deadline.cancel();
            current = null;
        }
    }

    @Override
    void accepted() {
        etag = pendingEtag;
        lastModified = pendingLastModified;
    }

    @Override
    String describe() {
        return url.newBuilder().username("").password("").query(null).build().toString();
    }
}
