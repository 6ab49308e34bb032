package io.tocsin.collector.traffic;

import io.tocsin.core.ip.IpAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Flags clients that hit one beacon at least {@code minHits} times within a sliding {@code window}
 * at intervals whose {@link Regularity} is at least {@code minRegularity}. One pass, hit by hit, in
 * bounded memory.
 *
 * <p>Per client and beacon a <em>track</em> keeps the times of the most recent hits within the
 * window (at most {@link #keptHits}). Hits less than {@code burst} after the previous one extend that
 * hit instead of counting again: a resolver retry, the A and AAAA query of one lookup, the dozen
 * requests of one page view and a person clicking through pages without pause are each one hit.
 *
 * <p>Tracks live in a map ordered by last hit. A track whose last hit left the window can never be
 * flagged again by itself and is dropped ({@link #expired}); when more than {@code maxClients} tracks
 * are still live, the one hit longest ago is dropped and counted ({@link #evicted}) — a flood of
 * distinct addresses costs recall for the oldest, never the heap.
 *
 * <p>A flagged client is reported once; if it keeps beaconing it is reported again a day (log time)
 * after its last report, so a long-running {@code sense --follow} refreshes its evidence before that
 * expires. Not thread-safe: one reader drives it.
 */
public final class BeaconDetector {

    /** How long a reported client stays quiet before it is reported again. */
    static final long REPORT_AGAIN_MILLIS = Duration.ofDays(1).toMillis();

    private final long window;
    private final int minHits;
    private final double minRegularity;
    private final long burst;
    private final int maxClients;
    private final int keptHits;
    private final BeaconSuffixes beacons;
    private final Consumer<BeaconFlag> flags;
    private final LinkedHashMap<TrackKey, Track> tracks = new LinkedHashMap<>(1024, 0.75f, true);
    private final LinkedHashMap<IpAddress, Long> reported;
    private final long[] scratch;
    private long evicted;
    private long expired;
    private long hits;

    private record TrackKey(IpAddress client, int beacon) {
    }

    /** The hits of one client on one beacon: ascending times, the latest {@code count} within the window. */
    private static final class Track {
        long[] times = new long[4];
        int count;

        long last() {
            return times[count - 1];
        }
    }

    public BeaconDetector(SenseSettings settings, Consumer<BeaconFlag> flags) {
        this.window = settings.window().toMillis();
        this.minHits = settings.minHits();
        this.minRegularity = settings.minRegularity();
        this.burst = settings.burst().toMillis();
        this.maxClients = settings.maxClients();
        this.keptHits = Math.max(64, 2 * minHits);
        this.beacons = settings.beacons();
        this.flags = flags;
        this.scratch = new long[keptHits];
        int cap = maxClients;
        this.reported = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<IpAddress, Long> eldest) {
                return size() > cap;
            }
        };
    }

    /** One query or request of {@code client} to the beacon with index {@code beacon}, at {@code time} (epoch ms). */
    public void hit(IpAddress client, int beacon, long time) {
        hits++;
        dropExpired(time);
        TrackKey key = new TrackKey(client, beacon);
        Track track = tracks.get(key);
        if (track == null) {
            if (tracks.size() >= maxClients) {
                Iterator<Track> eldest = tracks.values().iterator();
                eldest.next();
                eldest.remove();
                evicted++;
            }
            track = new Track();
            tracks.put(key, track);
        }
        if (!add(track, time)) {
            return;
        }
        if (track.count >= minHits) {
            double score = Regularity.of(track.times, track.count, scratch);
            if (score >= minRegularity) {
                report(client, beacon, track, score);
            }
        }
    }

    /** Adds a hit; false when it only extended a burst (nothing new to score). */
    private boolean add(Track track, long time) {
        int n = track.count;
        if (n > 0) {
            long last = track.last();
            if (time >= last) {
                if (time - last < burst) {
                    track.times[n - 1] = time; // the burst goes on: measure the next interval from its end
                    return false;
                }
            } else {
                return insertLate(track, time);
            }
        }
        // forget what left the window
        int drop = 0;
        while (drop < n && track.times[drop] <= time - window) {
            drop++;
        }
        if (n - drop >= keptHits) {
            drop = n - keptHits + 1;
        }
        if (drop > 0) {
            System.arraycopy(track.times, drop, track.times, 0, n - drop);
            n -= drop;
        }
        if (n == track.times.length) {
            track.times = java.util.Arrays.copyOf(track.times, Math.min(keptHits, n * 2));
        }
        track.times[n] = time;
        track.count = n + 1;
        return true;
    }

    /**
     * A hit older than the track's last one (rotated files given out of order, a proxy logging
     * requests as they end): placed where it belongs, merged into a burst it falls in.
     */
    private boolean insertLate(Track track, long time) {
        int n = track.count;
        if (time <= track.last() - window) {
            return false;
        }
        int at = n;
        while (at > 0 && track.times[at - 1] > time) {
            at--;
        }
        if ((at > 0 && time - track.times[at - 1] < burst) || (track.times[at] - time < burst)) {
            return false;
        }
        if (n == keptHits) {
            if (at == 0) {
                return false;
            }
            System.arraycopy(track.times, 1, track.times, 0, at - 1);
            track.times[at - 1] = time;
            return true;
        }
        if (n == track.times.length) {
            track.times = java.util.Arrays.copyOf(track.times, Math.min(keptHits, n * 2));
        }
        System.arraycopy(track.times, at, track.times, at + 1, n - at);
        track.times[at] = time;
        track.count = n + 1;
        return true;
    }

    private void report(IpAddress client, int beacon, Track track, double score) {
        long last = track.last();
        Long before = reported.get(client);
        if (before != null && last - before < REPORT_AGAIN_MILLIS) {
            return;
        }
        reported.put(client, last);
        flags.accept(new BeaconFlag(client, beacons.name(beacon), track.count,
                Instant.ofEpochMilli(track.times[0]), Instant.ofEpochMilli(last), score));
    }

    /** Drops tracks whose last hit left the window; the map's order puts them first. */
    private void dropExpired(long now) {
        Iterator<Track> it = tracks.values().iterator();
        while (it.hasNext()) {
            Track oldest = it.next();
            if (oldest.last() > now - window) {
                return;
            }
            it.remove();
            expired++;
        }
    }

    /** Tracks held now (at most {@code tocsin.sense.max-clients}). */
    public int tracked() {
        return tracks.size();
    }

    /** Live tracks dropped to stay within {@code tocsin.sense.max-clients}. */
    public long evicted() {
        return evicted;
    }

    /** Tracks dropped because their last hit left the window. */
    public long expired() {
        return expired;
    }

    /** Beacon hits seen. */
    public long hits() {
        return hits;
    }
}
