package io.tocsin.collector.mail;

import io.tocsin.collector.clamd.Clamd;
import io.tocsin.collector.clamd.ClamdAnswer;
import io.tocsin.collector.clamd.ClamdException;
import io.tocsin.collector.evidence.EvidenceKind;
import io.tocsin.collector.evidence.EvidenceStore;
import io.tocsin.collector.evidence.Report;
import io.tocsin.core.Category;
import io.tocsin.core.config.ConfigException;
import io.tocsin.core.config.Settings;
import io.tocsin.core.ip.IpSet;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * Collects evidence from mail, one message per call: finds the sending machine's address (the last
 * untrusted relay of the {@code Received} chain), takes the verdict from clamd or from the scanner
 * headers the operator's own hosts wrote, and records infected (and spam) senders in the store.
 *
 * <p>The entry point for webmail and MTA integration; the {@code collect} command is a loop around
 * {@link #collect}. Thread-safe. A message that cannot be read is a result with an
 * {@linkplain Collected#error() error}, never an exception; only a failing store throws.
 *
 * <pre>{@code
 * try (EvidenceStore store = EvidenceStores.open(settings)) {
 *     MailCollector collector = MailCollector.from(settings, store);
 *     Collected result = collector.collect("upload-17", inputStream);
 * }
 * }</pre>
 */
public final class MailCollector {

    /** The header of a message is read into memory up to this size; bigger headers are malformed. */
    static final int MAX_HEADER_BYTES = 1024 * 1024;

    private final IpSet trustedRelays;
    private final ScannerHeaders scannerHeaders;
    private final Clamd clamd;
    private final EvidenceStore store;
    private final boolean dryRun;
    private final Clock clock;

    private MailCollector(Builder b) {
        this.trustedRelays = b.trustedRelays;
        this.scannerHeaders = b.scannerHeaders;
        this.clamd = b.clamd;
        this.store = b.store;
        this.dryRun = b.dryRun;
        this.clock = b.clock;
    }

    /**
     * A collector configured by {@code tocsin.collect.*}, recording into {@code store}.
     *
     * @param store where evidence goes; {@code null} for a dry run that records nothing
     * @throws ConfigException naming the key and value at fault
     */
    public static MailCollector from(Settings settings, EvidenceStore store) {
        Settings c = settings.scope("collect.");
        Builder b = builder();
        if (c.has("trusted-relays")) {
            b.trustedRelays(c.ipSet("trusted-relays"));
        }
        b.scannerHeaders = ScannerHeaders.parse(c.key("av-headers"), c.string("av-headers", ScannerHeaders.DEFAULT));
        Duration timeout = c.positiveDuration("clamd-timeout", Duration.ofSeconds(30));
        if (c.has("clamd")) {
            try {
                b.clamd(Clamd.at(c.string("clamd"), timeout));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(c.key("clamd"), c.string("clamd"), e.getMessage());
            }
        }
        if (store == null) {
            b.dryRun(true);
        } else {
            b.store(store);
        }
        return b.build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads one message from {@code message} (an RFC 5322 message: header, blank line, body) and
     * records its sender when it is infected or spam. Reads the header only, unless clamd scans
     * the whole message; does not close the stream.
     *
     * @param label names the message in the result, e.g. a file name
     * @throws io.tocsin.collector.evidence.StoreException if the store fails
     */
    public Collected collect(String label, InputStream message) {
        HeaderCapture capture = new HeaderCapture(message, clamd != null);
        MessageHeader header;
        try {
            header = MessageHeader.read(capture);
        } catch (IOException e) {
            return Collected.failed(label, e.getMessage());
        } catch (RuntimeException e) {
            // mime4j on input it did not expect: the message is broken, the run goes on
            return Collected.failed(label, "unreadable message: " + e);
        }
        capture.stop();

        List<HeaderField> fields = header.fields();
        List<Hop> hops = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).name().equalsIgnoreCase("Received")) {
                hops.add(ReceivedParser.parse(fields.get(i).value()));
                positions.add(i);
            }
        }
        RelayWalk.Result walk = RelayWalk.walk(hops, trustedRelays);
        String id = messageIdHash(header.first("Message-ID"));

        ScanResult scan;
        if (clamd != null) {
            scan = scan(capture);
        } else {
            int boundary = walk.index() >= 0 ? positions.get(walk.index()) : positions.isEmpty() ? 0 : positions.get(0);
            scan = scannerHeaders.verdict(fields, boundary);
        }

        boolean evidence = scan.verdict() == MailVerdict.INFECTED || scan.verdict() == MailVerdict.SPAM;
        String skipped;
        boolean recorded = false;
        if (walk.origin() == null) {
            skipped = walk.skipped();
        } else if (!evidence) {
            skipped = "verdict " + scan.verdict().id();
        } else if (dryRun) {
            skipped = "dry run";
        } else {
            Category category = scan.verdict() == MailVerdict.INFECTED ? Category.INFECTED : Category.SPAM;
            store.record(new Report(walk.origin().ip(), category, scan.threat(), EvidenceKind.MAIL, clock.instant(), id));
            recorded = true;
            skipped = null;
        }
        return new Collected(label, id, scan.verdict(), scan.threat(), scan.scanner(), walk.origin(), hops, recorded, skipped, scan.error());
    }

    private ScanResult scan(HeaderCapture capture) {
        InputStream whole = new SequenceInputStream(new ByteArrayInputStream(capture.captured()), capture.rest());
        try {
            ClamdAnswer answer = clamd.scan(whole);
            return answer.infected()
                    ? new ScanResult(MailVerdict.INFECTED, answer.threat(), "clamd", null)
                    : new ScanResult(MailVerdict.CLEAN, null, "clamd", null);
        } catch (ClamdException e) {
            return ScanResult.failed("clamd", e.getMessage());
        } catch (IOException e) {
            return ScanResult.failed("clamd", "the message could not be read to the end: " + e.getMessage());
        }
    }

    /** {@code sha256:HEX} of the Message-ID as written (trimmed), or null. The Message-ID itself is never kept. */
    static String messageIdHash(String messageId) {
        if (messageId == null || messageId.isBlank()) {
            return null;
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return "sha256:" + HexFormat.of().formatHex(sha.digest(messageId.strip().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "MailCollector{trusted-relays=" + trustedRelays + ", av-headers=" + scannerHeaders
                + (clamd != null ? ", " + clamd : "") + (dryRun ? ", dry run" : "") + "}";
    }

    /**
     * Reads the message for the header parser: bounds the header's size, and when clamd will scan
     * the whole message keeps the bytes the parser took, so the scan can start from the first byte.
     */
    private static final class HeaderCapture extends FilterInputStream {
        private final ByteArrayOutputStream kept;
        private boolean capturing = true;
        private long count;

        HeaderCapture(InputStream in, boolean keep) {
            super(in);
            this.kept = keep ? new ByteArrayOutputStream() : null;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0 && capturing) {
                count += n;
                if (count > MAX_HEADER_BYTES) {
                    throw new MessageHeader.MalformedMessageException("header larger than " + MAX_HEADER_BYTES + " bytes");
                }
                if (kept != null) {
                    kept.write(b, off, n);
                }
            }
            return n;
        }

        void stop() {
            capturing = false;
        }

        byte[] captured() {
            return kept.toByteArray();
        }

        InputStream rest() {
            return in;
        }
    }

    /** Builds a {@link MailCollector}. */
    public static final class Builder {
        private IpSet trustedRelays = IpSet.empty();
        private ScannerHeaders scannerHeaders = ScannerHeaders.parse("av-headers", ScannerHeaders.DEFAULT);
        private Clamd clamd;
        private EvidenceStore store;
        private boolean dryRun;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** The operator's own MX and relays; the walk goes past them. Default: none. */
        public Builder trustedRelays(IpSet relays) {
            this.trustedRelays = Objects.requireNonNull(relays, "relays");
            return this;
        }

        /** The scanner headers believed, e.g. {@code X-Virus-Status,X-Spam-Flag}. */
        public Builder scannerHeaders(String list) {
            this.scannerHeaders = ScannerHeaders.parse("av-headers", list);
            return this;
        }

        /** Scan whole messages with clamd instead of reading scanner headers. */
        public Builder clamd(Clamd clamd) {
            this.clamd = clamd;
            return this;
        }

        public Builder store(EvidenceStore store) {
            this.store = store;
            return this;
        }

        /** Whether to record nothing (results say {@code "skipped":"dry run"}). */
        public Builder dryRun(boolean dryRun) {
            this.dryRun = dryRun;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public MailCollector build() {
            if (store == null && !dryRun) {
                throw new IllegalStateException("a collector needs a store, or dryRun(true)");
            }
            return new MailCollector(this);
        }
    }
}
