package io.tocsin.collector.mail;

import io.tocsin.core.ip.IpAddress;

/**
 * One {@code Received} header, parsed.
 *
 * @param ip the connecting (peer) address, or {@code null} when the header names none (local
 *     pickup, {@code qmail … invoked by uid}, a format not understood)
 * @param helo the name the peer gave in HELO/EHLO, as written, or {@code null}
 * @param rdns the peer's reverse-DNS name as the receiving host recorded it, or {@code null}
 *     ({@code unknown}, {@code unverified})
 * @param by the receiving host, or {@code null}
 * @param with the protocol, e.g. {@code ESMTPSA}, {@code HTTP}, or {@code null}
 * @param auth how the peer authenticated, when the header says so ({@code ESMTPSA}, {@code authenticated}),
 *     never a user name; {@code null} otherwise
 * @param local whether the header records a hand-over inside one host rather than a network
 *     connection: it has no {@code from} clause ({@code qmail … invoked by uid}, Postfix pickup,
 *     Sendmail submit), or comes {@code from localhost} or {@code with local}
 */
public record Hop(IpAddress ip, String helo, String rdns, String by, String with, String auth, boolean local) {
}
