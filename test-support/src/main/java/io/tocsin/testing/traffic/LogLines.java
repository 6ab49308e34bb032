package io.tocsin.testing.traffic;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Writes a {@link Hit} as one line of each log format {@code sense} reads (time stamps in UTC). */
public enum LogLines {

    /** BIND 9.16 {@code querylog} through a file channel with {@code print-time yes}. */
    BIND {
        private final DateTimeFormatter time = DateTimeFormatter.ofPattern("dd-MMM-yyyy HH:mm:ss.SSS", Locale.ROOT).withZone(ZoneOffset.UTC);

        @Override
        public String line(Hit hit) {
            return time.format(Instant.ofEpochMilli(hit.time())) + " queries: info: client @0x7f3a5c0d2168 " + hit.client() + "#"
                    + (1024 + (hit.time() % 60000)) + " (" + hit.host() + "): query: " + hit.host() + " IN A +E(0)K (192.0.2.1)";
        }
    },
    /** BIND 9.16+ {@code querylog} with {@code print-time iso8601-utc}. */
    BIND_UTC {
        @Override
        public String line(Hit hit) {
            return Instant.ofEpochMilli(hit.time()).truncatedTo(java.time.temporal.ChronoUnit.MILLIS) + " queries: info: client @0x7f3a5c0d2168 "
                    + hit.client() + "#" + (1024 + (hit.time() % 60000)) + " (" + hit.host() + "): query: " + hit.host() + " IN A +E(0)K (192.0.2.1)";
        }
    },
    /** Unbound {@code log-queries} to its own log file, epoch seconds. */
    UNBOUND {
        @Override
        public String line(Hit hit) {
            return "[" + hit.time() / 1000 + "] unbound[2211:0] info: " + hit.client() + " " + hit.host() + ". A IN";
        }
    },
    /** Unbound {@code log-queries} with {@code log-time-ascii: yes}. */
    UNBOUND_ASCII {
        private final DateTimeFormatter time = DateTimeFormatter.ofPattern("MMM dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

        @Override
        public String line(Hit hit) {
            return time.format(Instant.ofEpochMilli(hit.time())) + " unbound[2211:0] info: " + hit.client() + " " + hit.host() + ". A IN";
        }
    },
    /** dnsmasq {@code log-queries} to a {@code log-facility} file. */
    DNSMASQ {
        private final DateTimeFormatter time = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

        @Override
        public String line(Hit hit) {
            return time.format(Instant.ofEpochMilli(hit.time())) + " dnsmasq[1207]: query[A] " + hit.host() + " from " + hit.client();
        }
    },
    /** Squid's native {@code access.log}. */
    SQUID {
        @Override
        public String line(Hit hit) {
            long elapsed = 20 + hit.time() % 200;
            long end = hit.time() + elapsed;
            return String.format(Locale.ROOT, "%d.%03d %6d %s TCP_MISS/200 4120 GET http://%s/index.html - HIER_DIRECT/198.51.100.80 text/html",
                    end / 1000, end % 1000, elapsed, hit.client(), hit.host());
        }
    };

    /** The hit as one line of this format, without a line terminator. */
    public abstract String line(Hit hit);
}
