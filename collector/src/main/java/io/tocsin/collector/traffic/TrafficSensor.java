package io.tocsin.collector.traffic;

import io.tocsin.core.ip.IpAddress;
import io.tocsin.core.ip.IpSet;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * One run of {@code sense}: reads logs line by line, in one pass, and hands the clients that beacon
 * to a consumer as soon as they qualify. Inputs are read in the order given, all into the same
 * detector (give rotated files oldest first). Gzip-compressed files are recognised by their first
 * bytes, whatever their name. Malformed lines are counted, never fatal.
 *
 * <p>Not thread-safe: one thread reads. {@link #summary()} may be read from another thread (a
 * shutdown hook) and then is a best-effort snapshot.
 */
public final class TrafficSensor {

    /** How many lines, at most, format detection looks at. */
    private static final int DETECT_LINES = 50;
    private static final int DETECT_BYTES = 64 * 1024;

    private final SenseSettings settings;
    private final LogFormat format;
    private final BeaconSuffixes beacons;
    private final IpSet ignore;
    private final BeaconDetector detector;
    private final Clock clock;
    private final QueryLine line = new QueryLine();
    private volatile long lines;
    private volatile long queries;
    private volatile long others;
    private volatile long malformed;
    private volatile String firstMalformed;
    private volatile long ignored;
    private volatile long flagged;
    private volatile long rotations;

    /**
     * @param format the format of every input, or {@code null} to detect it per input
     * @param flags  receives each newly flagged client, on the reading thread
     */
    public TrafficSensor(SenseSettings settings, LogFormat format, Consumer<BeaconFlag> flags) {
        this(settings, format, flags, Clock.systemUTC());
    }

    TrafficSensor(SenseSettings settings, LogFormat format, Consumer<BeaconFlag> flags, Clock clock) {
        this.settings = settings;
        this.format = format;
        this.beacons = settings.beacons();
        this.ignore = settings.ignoreClients();
        this.clock = clock;
        Consumer<BeaconFlag> out = Objects.requireNonNull(flags);
        this.detector = new BeaconDetector(settings, flag -> {
            flagged++;
            out.accept(flag);
        });
    }

    /** Reads a whole file (plain or gzip); syslog years are reckoned from its modification time. */
    public void read(Path file) throws IOException {
        Instant modified = Files.getLastModifiedTime(file).toInstant();
        try (InputStream in = Files.newInputStream(file)) {
            read(file.toString(), in, modified);
        }
    }

    /** Reads a whole stream (plain or gzip), named {@code name} in messages; syslog years are reckoned from {@code reference}. */
    public void read(String name, InputStream in, Instant reference) throws IOException {
        LineReader reader = new LineReader(decompressed(in));
        Input input = new Input(name, reader, reference);
        drain(input, true);
    }

    /**
     * Reads {@code file} from its start and then keeps reading what is appended, across rotation
     * (the file renamed or removed and a new one created under its name: the rest of the old one is
     * read, then the new one from its start) and truncation ({@code copytruncate}: read again from
     * the start), checking every {@code poll}, until {@code stop} says so or the thread is
     * interrupted.
     */
    public void follow(Path file, Duration poll, BooleanSupplier stop) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            Object key = fileKey(file);
            Input input = new Input(file.toString(), new LineReader(Channels.newInputStream(channel)), clock.instant());
            while (!stop.getAsBoolean() && !Thread.currentThread().isInterrupted()) {
                drain(input, false);
                BasicFileAttributes now = attributes(file);
                if (now != null && Objects.equals(now.fileKey(), key) && now.size() >= channel.position()) {
                    LockSupport.parkNanos(poll.toNanos());
                    continue;
                }
                if (now != null && Objects.equals(now.fileKey(), key)) {
                    channel.position(0); // truncated in place
                    input = new Input(file.toString(), new LineReader(Channels.newInputStream(channel)), clock.instant());
                    continue;
                }
                if (now == null) {
                    LockSupport.parkNanos(poll.toNanos()); // renamed away, the new file not there yet
                    continue;
                }
                drain(input, true); // what the writer added before the rename
                FileChannel next;
                try {
                    next = FileChannel.open(file, StandardOpenOption.READ);
                } catch (NoSuchFileException e) {
                    continue;
                }
                channel.close();
                channel = next;
                key = now.fileKey();
                rotations++;
                input = new Input(file.toString(), new LineReader(Channels.newInputStream(channel)), clock.instant());
            }
        } finally {
            channel.close();
        }
    }

    private static BasicFileAttributes attributes(Path file) throws IOException {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static Object fileKey(Path file) throws IOException {
        return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    }

    private static InputStream decompressed(InputStream in) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, 64 * 1024);
        buffered.mark(2);
        int b0 = buffered.read();
        int b1 = buffered.read();
        buffered.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            return new GZIPInputStream(buffered, 64 * 1024);
        }
        return buffered;
    }

    /** One input being read: its reader and its parser (which remembers the year of syslog lines). */
    private final class Input {
        final String name;
        final LineReader reader;
        final Instant reference;
        LineParser parser;

        Input(String name, LineReader reader, Instant reference) {
            this.name = name;
            this.reader = reader;
            this.reference = reference;
        }
    }

    private void drain(Input input, boolean finished) throws IOException {
        LineReader reader = input.reader;
        if (input.parser == null) {
            LogFormat chosen = format;
            if (chosen == null) {
                byte[] sample = reader.peek(DETECT_LINES, DETECT_BYTES, finished);
                if (sample.length == 0) {
                    return; // an empty input, or nothing complete to look at yet: wait for the writer
                }
                chosen = LogFormat.detect(sample, sample.length, settings.zone(), input.reference);
                if (chosen == null) {
                    throw new UnknownLogFormatException(input.name);
                }
            }
            input.parser = chosen.parser(new LogTimes(settings.zone(), new SyslogYear(input.reference, settings.zone())));
        }
        LineParser parser = input.parser;
        QueryLine q = line;
        // counted in locals and published now and then: volatile writes per line would cost more than the parse
        long read = 0;
        long query = 0;
        long other = 0;
        while (reader.next(finished)) {
            read++;
            if ((read & 0xFFFF) == 0) {
                lines += read;
                queries += query;
                others += other;
                read = 0;
                query = 0;
                other = 0;
            }
            byte[] b = reader.buffer();
            int start = reader.lineStart;
            int end = reader.lineEnd;
            if (reader.overlong()) {
                malformed(input, reader.lineNumber);
                continue;
            }
            if (start == end) {
                continue; // blank lines are no lines
            }
            switch (parser.parse(b, start, end, q)) {
                case QUERY:
                    query++;
                    int beacon = beacons.match(b, q.nameStart, q.nameEnd);
                    if (beacon >= 0) {
                        IpAddress client = Addresses.parse(b, q.clientStart, q.clientEnd);
                        if (client == null) {
                            malformed(input, reader.lineNumber);
                        } else if (!ignore.isEmpty() && ignore.contains(client)) {
                            ignored++;
                        } else {
                            detector.hit(client, beacon, q.time);
                        }
                    }
                    break;
                case OTHER:
                    other++;
                    break;
                default:
                    malformed(input, reader.lineNumber);
                    break;
            }
        }
        lines += read;
        queries += query;
        others += other;
    }

    private void malformed(Input input, long lineNumber) {
        if (malformed++ == 0) {
            firstMalformed = input.name + ":" + lineNumber;
        }
    }

    /** What this run has read and found so far. */
    public Summary summary() {
        return new Summary(lines, queries, others, malformed, firstMalformed, detector.hits(), ignored, flagged,
                detector.tracked(), detector.evicted(), rotations, settings.maxClients());
    }

    /**
     * Counts of a run: {@code lines} read, of which {@code queries} were queries, {@code others}
     * well-formed non-queries and {@code malformed} not lines of the format (the first at
     * {@code firstMalformed}, {@code FILE:LINE}); {@code beaconHits} queries to a beacon,
     * {@code ignored} of them from {@code tocsin.sense.ignore-clients}; {@code flagged} reports;
     * {@code tracked} tracks held at the end and {@code evicted} dropped to stay within
     * {@code maxClients}; {@code rotations} of a followed file.
     */
    public record Summary(long lines, long queries, long others, long malformed, String firstMalformed, long beaconHits,
            long ignored, long flagged, int tracked, long evicted, long rotations, int maxClients) {

        /** One line for standard error, naming no client. */
        @Override
        public String toString() {
            StringBuilder s = new StringBuilder();
            s.append(lines).append(" lines (").append(queries).append(" queries, ").append(others).append(" other, ")
                    .append(malformed).append(" malformed");
            if (malformed > 0) {
                s.append(", the first at ").append(firstMalformed);
            }
            s.append("); ").append(beaconHits).append(" beacon hits");
            if (ignored > 0) {
                s.append(" (").append(ignored).append(" from ignored clients)");
            }
            s.append("; ").append(flagged).append(" flagged");
            if (evicted > 0) {
                s.append("; ").append(evicted).append(" client tracks evicted to stay within tocsin.sense.max-clients=")
                        .append(maxClients).append(" (beacons of evicted clients may be missed)");
            }
            if (rotations > 0) {
                s.append("; followed ").append(rotations).append(" rotations");
            }
            return s.toString();
        }
    }
}
