package io.tocsin.servlet;

import io.tocsin.servlet.html.BodyTagScanner;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Inserts the banner right after the page's opening body tag while the page streams through.
 *
 * <p>Until that tag is seen, the bytes written so far (at most the scan limit) and the headers that
 * a banner changes ({@code Content-Length}, {@code ETag}, {@code Last-Modified}) are held back; nothing
 * is committed. When the tag arrives, the response is checked as it stands then (2xx, {@code text/html}
 * in an ASCII-compatible charset, no {@code Content-Encoding}, not an attachment): if it qualifies, the
 * held bytes go out with the banner after the tag, {@code Content-Length} grows by the banner's length,
 * the validators are dropped and {@code Cache-Control: private, no-store} and {@code Tocsin-Notice: banner}
 * are set; if not, or if no tag comes within the limit, or the scanner finds that no body tag can take
 * the banner (a frameset, a body opened before its tag), everything held goes out exactly as the
 * application made it. From then on, bytes pass straight through.
 *
 * <p>A response that cannot qualify when its first byte is written (another content type, an
 * encoding, an error status) is passed through from the start. Buffer resets start the scan over;
 * {@code sendError} and {@code sendRedirect} drop what was held, as the container would.
 *
 * <p>Like every servlet response, not thread-safe: one thread writes at a time.
 */
final class BannerResponse extends HttpServletResponseWrapper {

    private enum State { UNDECIDED, HOLDING, INJECTED, PASSING }

    private static final ConcurrentHashMap<String, Boolean> ASCII_COMPATIBLE = new ConcurrentHashMap<>();

    private final Supplier<byte[]> banner;
    private final Runnable onInjected;
    private final int scanLimit;
    private final BodyTagScanner scanner = new BodyTagScanner();

    private State state = State.UNDECIDED;
    private byte[] held; // made when a page's body tag does not come in its first write
    private int heldLength;
    private long contentLength = -1;
    private List<HeaderOp> validators; // made when the application sets one
    private int bannerLength;
    private boolean finished;
    private boolean announced;

    private Stream stream;
    private PrintWriter writer;
    private EncodingWriter encodingWriter;
    private boolean containerWriter;
    private ServletOutputStream target;

    BannerResponse(HttpServletResponse response, int scanLimit, Supplier<byte[]> banner, Runnable onInjected) {
        super(response);
        this.scanLimit = scanLimit;
        this.banner = banner;
        this.onInjected = onInjected;
    }

    /** Whether the banner went into this response. */
    boolean injected() {
        return state == State.INJECTED;
    }

    // ---- the body

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        if (writer != null) {
            throw new IllegalStateException("getWriter() has already been called for this response");
        }
        if (stream == null) {
            stream = new Stream();
        }
        return stream;
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        if (writer != null) {
            return writer;
        }
        if (stream != null) {
            throw new IllegalStateException("getOutputStream() has already been called for this response");
        }
        String type = getResponse().getContentType();
        Charset charset = charset(getResponse().getCharacterEncoding());
        if (type != null && !isHtml(type) || charset == null || !isAsciiCompatible(charset)) {
            // not a page, or nothing to scan in this encoding: the application writes to the container directly
            giveUp();
            containerWriter = true;
            writer = super.getWriter();
            return writer;
        }
        // the container's own writer would declare the charset in Content-Type; do the same
        getResponse().setCharacterEncoding(charset.name());
        stream = new Stream();
        encodingWriter = new EncodingWriter(stream, charset);
        writer = new PrintWriter(encodingWriter, false);
        return writer;
    }

    private void write(byte[] b, int off, int len) throws IOException {
        if (len <= 0) {
            return;
        }
        switch (state) {
            case UNDECIDED:
                if (!mayQualify()) {
                    giveUp();
                    target().write(b, off, len);
                    return;
                }
                state = State.HOLDING;
                scan(b, off, len, true);
                return;
            case HOLDING:
                scan(b, off, len, false);
                return;
            default:
                target().write(b, off, len);
        }
    }

    /**
     * Looks for the body tag in the application's own bytes, where they are: the usual page has it in
     * its first write, and then nothing is copied or held. Only a page whose tag has not come yet has
     * its bytes held, up to the scan limit.
     *
     * @param judged whether {@link #mayQualify()} was true for this very write (nothing can have
     *     changed the response since, so only what it leaves open is checked again)
     */
    private void scan(byte[] b, int off, int len, boolean judged) throws IOException {
        int scanEnd = off + Math.min(scanLimit - heldLength, len);
        int at = scanner.scan(b, off, scanEnd);
        if (at >= 0) {
            if (judged ? isPageInAsciiCharset() : qualifies()) {
                inject(b, off, at, off + len);
            } else {
                giveUp();
                target().write(b, off, len);
            }
        } else if (scanner.settled() || scanEnd < off + len || heldLength + len >= scanLimit) {
            giveUp(); // no body tag that can take the banner, or none near the start: leave the page alone
            target().write(b, off, len);
        } else {
            hold(b, off, len);
        }
    }

    private void hold(byte[] b, int off, int len) {
        if (held == null) {
            held = new byte[Math.min(scanLimit, Math.max(1024, len))];
        } else if (heldLength + len > held.length) {
            held = Arrays.copyOf(held, Math.min(scanLimit, Math.max(held.length * 2, heldLength + len)));
        }
        System.arraycopy(b, off, held, heldLength, len);
        heldLength += len;
    }

    /** Sends what was held, with the application's headers, and passes the rest through. */
    private void giveUp() throws IOException {
        if (state == State.INJECTED || state == State.PASSING) {
            return;
        }
        state = State.PASSING;
        replayHeaders();
        if (heldLength > 0) {
            int n = heldLength;
            heldLength = 0;
            target().write(held, 0, n);
        }
        held = null;
    }

    /**
     * Sends what was held, then {@code b[off, at)}, the banner, and {@code b[at, end)}: {@code at} is
     * right after the body tag.
     */
    private void inject(byte[] b, int off, int at, int end) throws IOException {
        byte[] bytes;
        try {
            bytes = banner.get();
        } catch (RuntimeException e) {
            giveUp(); // rendering failed: fail open
            target().write(b, off, end - off);
            return;
        }
        HttpServletResponse response = (HttpServletResponse) getResponse();
        state = State.INJECTED;
        bannerLength = bytes.length;
        validators = null;
        if (contentLength >= 0) {
            response.setContentLengthLong(contentLength + bannerLength);
        }
        response.setHeader("Cache-Control", "private, no-store");
        response.setHeader("Tocsin-Notice", Mode.BANNER.id());
        if (!announced) { // once per response, even if a buffer reset made it insert the banner again
            announced = true;
            try {
                onInjected.run(); // before the last byte goes out and the visitor may already see it
            } catch (RuntimeException e) {
                // a listener must not break the page
            }
        }
        ServletOutputStream out = target();
        if (heldLength > 0) {
            int n = heldLength;
            heldLength = 0;
            out.write(held, 0, n);
        }
        held = null;
        out.write(b, off, at - off);
        out.write(bytes);
        if (end > at) {
            out.write(b, at, end - at);
        }
    }

    /** Whether the response can still get a banner, judged at its first byte. */
    private boolean mayQualify() {
        HttpServletResponse r = (HttpServletResponse) getResponse();
        String type = r.getContentType();
        return isSuccess(r.getStatus()) && (type == null || isHtml(type)) && !encoded(r) && !attachment(r)
                && !r.isCommitted();
    }

    /** Whether the response gets the banner, judged when its body tag has arrived. */
    private boolean qualifies() {
        return mayQualify() && isPageInAsciiCharset();
    }

    /** Whether the response says it is an HTML page, in a charset the banner's ASCII bytes fit. */
    private boolean isPageInAsciiCharset() {
        String type = getResponse().getContentType();
        if (type == null || !isHtml(type)) {
            return false;
        }
        Charset charset = charset(getResponse().getCharacterEncoding());
        return charset != null && isAsciiCompatible(charset);
    }

    private static boolean isSuccess(int status) {
        return status >= 200 && status <= 299 && status != 204 && status != 205 && status != 206;
    }

    private static boolean isHtml(String contentType) {
        int semi = contentType.indexOf(';');
        String media = (semi < 0 ? contentType : contentType.substring(0, semi)).trim();
        return media.equalsIgnoreCase("text/html");
    }

    private static boolean encoded(HttpServletResponse r) {
        String encoding = r.getHeader("Content-Encoding");
        return encoding != null && !encoding.isBlank() && !encoding.trim().equalsIgnoreCase("identity");
    }

    private static boolean attachment(HttpServletResponse r) {
        String disposition = r.getHeader("Content-Disposition");
        return disposition != null && disposition.trim().toLowerCase(Locale.ROOT).startsWith("attachment");
    }

    private static Charset charset(String name) {
        if (name == null) {
            return null;
        }
        try {
            return Charset.forName(name.trim());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * Whether every ASCII character is the same single byte in {@code charset}, and the charset has no
     * shift states (ISO-2022, UTF-7, HZ), so that byte-wise tag scanning and an ASCII banner are safe.
     */
    static boolean isAsciiCompatible(Charset charset) {
        return ASCII_COMPATIBLE.computeIfAbsent(charset.name(), name -> {
            String n = name.toUpperCase(Locale.ROOT);
            if (n.startsWith("ISO-2022") || n.startsWith("UTF-7") || n.startsWith("X-UTF-7") || n.equals("HZ")
                    || n.startsWith("UTF-16") || n.startsWith("UTF-32") || n.startsWith("X-UTF-16") || n.startsWith("X-UTF-32")
                    || !charset.canEncode()) {
                return false;
            }
            StringBuilder ascii = new StringBuilder(95);
            for (char c = 0x20; c < 0x7f; c++) {
                ascii.append(c);
            }
            byte[] encoded = ascii.toString().getBytes(charset);
            if (encoded.length != ascii.length()) {
                return false;
            }
            for (int i = 0; i < encoded.length; i++) {
                if (encoded[i] != ascii.charAt(i)) {
                    return false;
                }
            }
            return true;
        });
    }

    private ServletOutputStream target() throws IOException {
        if (target == null) {
            target = getResponse().getOutputStream();
        }
        return target;
    }

    /**
     * Ends the response's scan when the application is done: whatever is still held goes out as the
     * application made it. Idempotent.
     */
    void finish() throws IOException {
        if (finished) {
            return;
        }
        finished = true;
        if (writer != null && !containerWriter) {
            writer.flush();
        }
        if (state == State.UNDECIDED || state == State.HOLDING) {
            giveUp();
        }
    }

    /** {@link #finish()}, for callbacks that cannot report an error. */
    void finishQuietly() {
        try {
            finish();
        } catch (IOException | RuntimeException e) {
            // the client went away, or the container already closed the response
        }
    }

    /** Forgets the held bytes, e.g. when the application failed; the container makes the error page. */
    void abandon() {
        finished = true;
        heldLength = 0;
        if (state == State.UNDECIDED || state == State.HOLDING) {
            state = State.PASSING;
            replayHeaders();
        } else if (state == State.INJECTED) {
            HttpServletResponse response = (HttpServletResponse) getResponse();
            if (!response.isCommitted()) {
                // the application failed after the banner went in, and its page becomes the container's
                // error response: banners belong on 2xx pages only, so neither the banner nor the notice
                // header may stay (what is left of a failed page is worth less than a clean error)
                response.resetBuffer();
                response.setHeader("Tocsin-Notice", null);
            }
        }
    }

    private boolean recording() {
        return state == State.UNDECIDED || state == State.HOLDING;
    }

    // ---- buffer and commit

    @Override
    public void flushBuffer() throws IOException {
        if (writer != null && !containerWriter) {
            writer.flush();
        }
        if (!recording()) {
            super.flushBuffer();
        }
        // while the body tag is awaited nothing can be committed: the headers may still change
    }

    @Override
    public void resetBuffer() {
        super.resetBuffer();
        restartScan();
    }

    @Override
    public void reset() {
        super.reset();
        restartScan();
        validators = null;
        contentLength = -1;
    }

    private void restartScan() {
        if (encodingWriter != null) {
            encodingWriter.discardPending();
        }
        if (containerWriter) {
            return;
        }
        heldLength = 0;
        scanner.reset();
        state = State.UNDECIDED;
        finished = false;
    }

    @Override
    public void sendError(int sc, String msg) throws IOException {
        abandonForContainer();
        super.sendError(sc, msg);
    }

    @Override
    public void sendError(int sc) throws IOException {
        abandonForContainer();
        super.sendError(sc);
    }

    @Override
    public void sendRedirect(String location) throws IOException {
        abandonForContainer();
        super.sendRedirect(location);
    }

    @Override
    public void sendRedirect(String location, boolean clearBuffer) throws IOException {
        abandonForContainer();
        super.sendRedirect(location, clearBuffer);
    }

    @Override
    public void sendRedirect(String location, int sc) throws IOException {
        abandonForContainer();
        super.sendRedirect(location, sc);
    }

    @Override
    public void sendRedirect(String location, int sc, boolean clearBuffer) throws IOException {
        abandonForContainer();
        super.sendRedirect(location, sc, clearBuffer);
    }

    private void abandonForContainer() {
        if (recording()) {
            heldLength = 0;
            state = State.PASSING;
            replayHeaders();
        }
    }

    // ---- headers a banner changes

    @Override
    public void setContentLength(int len) {
        setContentLengthLong(len);
    }

    @Override
    public void setContentLengthLong(long len) {
        if (recording()) {
            contentLength = len;
        } else if (state == State.INJECTED && len >= 0) {
            super.setContentLengthLong(len + bannerLength);
        } else {
            super.setContentLengthLong(len);
        }
    }

    @Override
    public void setHeader(String name, String value) {
        if (name == null || !intercept(name, value, true)) {
            super.setHeader(name, value);
        }
    }

    @Override
    public void addHeader(String name, String value) {
        if (name == null || !intercept(name, value, false)) {
            super.addHeader(name, value);
        }
    }

    @Override
    public void setIntHeader(String name, int value) {
        if (name != null && name.equalsIgnoreCase("Content-Length")) {
            setContentLengthLong(value);
        } else {
            super.setIntHeader(name, value);
        }
    }

    @Override
    public void addIntHeader(String name, int value) {
        if (name != null && name.equalsIgnoreCase("Content-Length")) {
            setContentLengthLong(value);
        } else {
            super.addIntHeader(name, value);
        }
    }

    @Override
    public void setDateHeader(String name, long date) {
        if (name != null && isValidator(name) && !passing()) {
            if (recording()) {
                validators().removeIf(op -> op.name.equalsIgnoreCase(name));
                validators().add(new HeaderOp(name, null, date, true));
            }
            return;
        }
        super.setDateHeader(name, date);
    }

    @Override
    public void addDateHeader(String name, long date) {
        if (name != null && isValidator(name) && !passing()) {
            if (recording()) {
                validators().add(new HeaderOp(name, null, date, false));
            }
            return;
        }
        super.addDateHeader(name, date);
    }

    @Override
    public String getHeader(String name) {
        if (name != null && recording()) {
            if (name.equalsIgnoreCase("Content-Length")) {
                return contentLength >= 0 ? Long.toString(contentLength) : null;
            }
            if (validators != null && isValidator(name)) {
                for (HeaderOp op : validators) {
                    if (op.name.equalsIgnoreCase(name) && op.value != null) {
                        return op.value;
                    }
                }
            }
        }
        return super.getHeader(name);
    }

    @Override
    public boolean containsHeader(String name) {
        if (name != null && recording()) {
            if (name.equalsIgnoreCase("Content-Length") && contentLength >= 0) {
                return true;
            }
            if (validators != null && isValidator(name)) {
                for (HeaderOp op : validators) {
                    if (op.name.equalsIgnoreCase(name)) {
                        return true;
                    }
                }
            }
        }
        return super.containsHeader(name);
    }

    private boolean passing() {
        return state == State.PASSING;
    }

    /** Handles a header the banner changes; true if it must not reach the container now. */
    private boolean intercept(String name, String value, boolean replace) {
        if (name.equalsIgnoreCase("Content-Length")) {
            if (value == null) {
                setContentLengthLong(-1);
            } else {
                try {
                    setContentLengthLong(Long.parseLong(value.trim()));
                } catch (NumberFormatException e) {
                    return false; // let the container judge it
                }
            }
            return true;
        }
        if (isValidator(name)) {
            if (recording()) {
                if (replace) {
                    validators().removeIf(op -> op.name.equalsIgnoreCase(name));
                }
                if (value != null) {
                    validators().add(new HeaderOp(name, value, 0, replace));
                }
                return true;
            }
            return state == State.INJECTED; // dropped once the banner is in
        }
        return state == State.INJECTED && name.equalsIgnoreCase("Cache-Control");
    }

    private List<HeaderOp> validators() {
        if (validators == null) {
            validators = new ArrayList<>(2);
        }
        return validators;
    }

    private static boolean isValidator(String name) {
        return name.equalsIgnoreCase("ETag") || name.equalsIgnoreCase("Last-Modified");
    }

    private void replayHeaders() {
        HttpServletResponse response = (HttpServletResponse) getResponse();
        for (HeaderOp op : validators == null ? List.<HeaderOp>of() : validators) {
            if (op.value == null) {
                if (op.replace) {
                    response.setDateHeader(op.name, op.date);
                } else {
                    response.addDateHeader(op.name, op.date);
                }
            } else if (op.replace) {
                response.setHeader(op.name, op.value);
            } else {
                response.addHeader(op.name, op.value);
            }
        }
        validators = null;
        if (contentLength >= 0) {
            response.setContentLengthLong(contentLength);
        }
    }

    /** A held-back header: a text value, or a date when {@code value} is null. */
    private static final class HeaderOp {
        final String name;
        final String value;
        final long date;
        final boolean replace;

        HeaderOp(String name, String value, long date, boolean replace) {
            this.name = name;
            this.value = value;
            this.date = date;
            this.replace = replace;
        }
    }

    /** The application's view of the body. */
    private final class Stream extends ServletOutputStream {
        private final byte[] one = new byte[1];

        @Override
        public void write(int b) throws IOException {
            one[0] = (byte) b;
            BannerResponse.this.write(one, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (off < 0 || len < 0 || off + len > b.length) {
                throw new IndexOutOfBoundsException("off " + off + ", len " + len + ", length " + b.length);
            }
            BannerResponse.this.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            if (!recording()) {
                target().flush();
            }
        }

        @Override
        public void close() throws IOException {
            finish();
            target().close();
        }

        @Override
        public boolean isReady() {
            try {
                return recording() || target().isReady();
            } catch (IOException e) {
                return false;
            }
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            // non-blocking output: stop holding bytes back, since isReady() must tell the truth
            try {
                giveUp();
                target().setWriteListener(listener);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
