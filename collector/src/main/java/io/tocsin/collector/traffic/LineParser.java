package io.tocsin.collector.traffic;

/** Parses one line of one log format. Not thread-safe: parsers of syslog-style formats remember the year. */
interface LineParser {

    /** What a line was. */
    enum Kind {
        /** A query (or proxy request) by a client: {@link QueryLine} is filled in. */
        QUERY,
        /** A well-formed line of the format that is not a query (a reply, a start-up message). */
        OTHER,
        /** Not a line of the format at all, or cut short. */
        MALFORMED
    }

    /** Parses {@code b[start, end)} (no line terminator) into {@code out}. */
    Kind parse(byte[] b, int start, int end, QueryLine out);
}
