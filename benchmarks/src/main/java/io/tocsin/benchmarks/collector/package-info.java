/** Collector benchmarks: the embedded evidence store at 1M addresses, and messages per second through collect. */
package io.tocsin.benchmarks.collector;
