/** Strict IP address literals, CIDR ranges, and compact address sets; no DNS, ever. */
package io.tocsin.core.ip;
