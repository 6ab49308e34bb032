/** What publishing costs: {@code publish} for a million addresses, and {@code serve-dns} next to rbldnsd under dnsperf. */
package io.tocsin.benchmarks.publish;
