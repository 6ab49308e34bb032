/** Feed benchmarks: lookup time, load time and memory per entry of a 1M-entry feed. */
package io.tocsin.benchmarks.feed;
