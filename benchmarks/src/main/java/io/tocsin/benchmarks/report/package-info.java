/** Small helpers shared by the benchmark drivers: statistics, wrk output, the plots (XChart, PNG), the machine description and its load. */
package io.tocsin.benchmarks.report;
