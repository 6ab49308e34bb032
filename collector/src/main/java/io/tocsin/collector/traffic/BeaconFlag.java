package io.tocsin.collector.traffic;

import io.tocsin.core.ip.IpAddress;
import java.time.Instant;

/**
 * A client found beaconing: {@code hits} hits on {@code beacon} between {@code first} and
 * {@code last} (all within the window), with the given {@link Regularity} score.
 */
public record BeaconFlag(IpAddress ip, String beacon, int hits, Instant first, Instant last, double regularity) {

    /** The threat name recorded with the evidence: {@code beacon: HOST}. */
    public String threat() {
        return "beacon: " + beacon;
    }
}
