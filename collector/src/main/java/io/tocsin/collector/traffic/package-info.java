/**
 * Traffic evidence: reads resolver query logs (BIND, Unbound, dnsmasq) and Squid access logs in one
 * pass and flags the clients that beacon to a worm's hosts at a rate and regularity no person
 * produces.
 *
 * <p>{@link io.tocsin.collector.traffic.TrafficSensor} drives a run: {@link io.tocsin.collector.traffic.LogFormat}
 * parses lines, {@link io.tocsin.collector.traffic.BeaconSuffixes} picks the lines that name a beacon,
 * {@link io.tocsin.collector.traffic.BeaconDetector} keeps a bounded sliding window per client and
 * beacon and scores it with {@link io.tocsin.collector.traffic.Regularity}.
 */
package io.tocsin.collector.traffic;
