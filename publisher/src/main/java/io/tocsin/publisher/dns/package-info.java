/**
 * The live meta-list ({@code serve-dns}): a DNSBL server that answers each query with the combined,
 * cached verdict of a {@link io.tocsin.core.Checker}'s sources. DNS messages are dnsjava's, the
 * sockets Netty's; every byte a client sends is validated before anything is looked up.
 */
package io.tocsin.publisher.dns;
