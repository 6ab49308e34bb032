/** DNS blocklists (RFC 5782): query names, return codes and presets, zone health, and http:BL decoding. */
package io.tocsin.core.dnsbl;
