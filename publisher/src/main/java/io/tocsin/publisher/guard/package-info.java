/**
 * The health of what Tocsin publishes: never hand other sites a list that suddenly lists the world
 * (RFC 5782's never-listed test point listed, most of a /8 listed, or a list many times the size of
 * the last one). The same caution Tocsin applies to the zones it consumes, turned on its own output.
 */
package io.tocsin.publisher.guard;
