package io.tocsin.collector.traffic;

import java.time.ZoneId;
import java.util.Locale;

/** The log formats {@code sense} reads, each with a sample in its parser's documentation. */
public enum LogFormat {

    /** BIND 9 {@code querylog}: {@link BindQueryLog}. */
    BIND,
    /** Unbound {@code log-queries}, with or without {@code log-time-ascii}: {@link UnboundQueryLog}. */
    UNBOUND,
    /** dnsmasq {@code log-queries}: {@link DnsmasqQueryLog}. */
    DNSMASQ,
    /** Squid's native {@code access.log}: {@link SquidAccessLog}. */
    SQUID;

    /** The name on the command line ({@code --format bind}). */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The format named {@code id} (any case), or {@code null}. */
    public static LogFormat of(String id) {
        for (LogFormat format : values()) {
            if (format.id().equalsIgnoreCase(id)) {
                return format;
            }
        }
        return null;
    }

    LineParser parser(LogTimes times) {
        switch (this) {
            case BIND: return new BindQueryLog(times);
            case UNBOUND: return new UnboundQueryLog(times);
            case DNSMASQ: return new DnsmasqQueryLog(times);
            default: return new SquidAccessLog(times);
        }
    }

    /**
     * The format most of the complete lines in {@code sample[0, length)} are queries of (ties: other
     * well-formed lines, then declaration order), or {@code null} when no format reads any line.
     */
    static LogFormat detect(byte[] sample, int length, ZoneId zone, java.time.Instant reference) {
        LogFormat best = null;
        long bestScore = 0;
        QueryLine line = new QueryLine();
        for (LogFormat format : values()) {
            LineParser parser = format.parser(new LogTimes(zone, new SyslogYear(reference, zone)));
            long queries = 0;
            long others = 0;
            int start = 0;
            for (int i = 0; i <= length; i++) {
                if (i == length || sample[i] == '\n') {
                    int end = i > start && sample[i - 1] == '\r' ? i - 1 : i;
                    if (end > start) {
                        LineParser.Kind kind = parser.parse(sample, start, end, line);
                        if (kind == LineParser.Kind.QUERY) {
                            queries++;
                        } else if (kind == LineParser.Kind.OTHER) {
                            others++;
                        }
                    }
                    start = i + 1;
                }
            }
            long score = queries * 1_000_000 + others;
            if (score > bestScore) {
                best = format;
                bestScore = score;
            }
        }
        return best;
    }
}
