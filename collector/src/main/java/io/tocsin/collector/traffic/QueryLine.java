package io.tocsin.collector.traffic;

/**
 * What a parser found on one log line, as positions in the line's bytes: filled in place, one
 * instance per reader, so that reading allocates nothing per line.
 */
final class QueryLine {

    /** When the query was made, epoch milliseconds. */
    long time;
    int clientStart;
    int clientEnd;
    /** The queried name (DNS) or the requested host (Squid), without a trailing dot. */
    int nameStart;
    int nameEnd;

    void name(int start, int end) {
        nameStart = start;
        nameEnd = end > start ? end : start;
    }
}
