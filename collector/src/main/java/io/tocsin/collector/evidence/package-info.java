/**
 * What is known about an address ({@link io.tocsin.collector.evidence.Evidence}), one report of it
 * ({@link io.tocsin.collector.evidence.Report}), how long it stays listed
 * ({@link io.tocsin.collector.evidence.Retention}), and the store that keeps it
 * ({@link io.tocsin.collector.evidence.EvidenceStore}, opened by
 * {@link io.tocsin.collector.evidence.EvidenceStores}).
 *
 * <p>Evidence never holds message content or recipient addresses: a message is known only by the
 * SHA-256 of its Message-ID.
 */
package io.tocsin.collector.evidence;
