package io.tocsin.testing.traffic;

/** One query (or proxy request) of {@code client} for {@code host} at {@code time} (epoch milliseconds). */
public record Hit(long time, String client, String host) implements Comparable<Hit> {

    @Override
    public int compareTo(Hit other) {
        return Long.compare(time, other.time);
    }
}
