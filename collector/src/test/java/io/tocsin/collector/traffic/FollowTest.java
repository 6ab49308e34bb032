package io.tocsin.collector.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import io.tocsin.testing.Poll;
import io.tocsin.testing.traffic.Hit;
import io.tocsin.testing.traffic.LogLines;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --follow} on a real file that grows, is rotated and truncated while it is read; polled, never slept on. */
class FollowTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final long T0 = Instant.parse("2026-12-02T00:00:00Z").toEpochMilli();

    @TempDir
    Path dir;

    private static String beat(int i) {
        return LogLines.BIND.line(new Hit(T0 + i * 60_000L, "192.0.2.66", "people.freenet.de")) + "\n";
    }

    private static void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Test
    void followsAGrowingFileAcrossRotationAndTruncation() throws Exception {
        Path log = dir.resolve("query.log");
        StringBuilder first = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            first.append(beat(i));
        }
        Files.writeString(log, first);

        List<BeaconFlag> flags = new CopyOnWriteArrayList<>();
        TrafficSensor sensor = new TrafficSensor(LogReadingTest.settings(), null, flags::add);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            try {
                sensor.follow(log, Duration.ofMillis(10), stop::get);
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "follower");
        reader.start();
        try {
            Poll.until("the first 6 lines", WAIT, () -> sensor.summary().lines() == 6);

            String seventh = beat(6);
            append(log, seventh.substring(0, 20)); // half a line: the writer is not done
            Poll.until("nothing read of half a line", WAIT, () -> sensor.summary().lines() == 6 && reader.isAlive());
            append(log, seventh.substring(20) + beat(7) + beat(8));
            Poll.until("9 lines", WAIT, () -> sensor.summary().lines() == 9);
            assertThat(sensor.summary().malformed()).isZero();

            // logrotate's create mode: a line written just before the rename, the old file renamed, a new one created
            append(log, beat(9));
            Files.move(log, dir.resolve("query.log.1"));
            append(log, beat(10) + beat(11) + beat(12));
            Poll.until("the beacon flagged after the rotation", WAIT, () -> !flags.isEmpty());
            assertThat(sensor.summary().rotations()).isEqualTo(1);
            assertThat(sensor.summary().lines()).isEqualTo(13);
            assertThat(flags).singleElement().satisfies(f -> {
                assertThat(f.ip().toString()).isEqualTo("192.0.2.66");
                assertThat(f.hits()).isEqualTo(12);
            });

            // copytruncate: the same file emptied, then written again from the start
            try (FileChannel channel = FileChannel.open(log, StandardOpenOption.WRITE)) {
                channel.truncate(0);
            }
            append(log, beat(13));
            Poll.until("the line after the truncation", WAIT, () -> sensor.summary().lines() == 14);
            assertThat(sensor.summary().malformed()).isZero();
        } finally {
            stop.set(true);
            reader.join(WAIT.toMillis());
        }
        assertThat(reader.isAlive()).as("the follower stops when told").isFalse();
        assertThat(failure.get()).isNull();
    }
}
