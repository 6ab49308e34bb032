/**
 * Publishes what Tocsin knows to other sites: the codes a published listing answers with, shared by
 * the zone files of {@code publish} ({@link io.tocsin.publisher.zone}) and the live DNS server of
 * {@code serve-dns} ({@link io.tocsin.publisher.dns}).
 */
package io.tocsin.publisher;
