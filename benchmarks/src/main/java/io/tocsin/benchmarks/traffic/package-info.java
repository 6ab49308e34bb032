/** Benchmarks of traffic evidence: log lines read per second by {@code sense}, and heap per tracked client. */
package io.tocsin.benchmarks.traffic;
