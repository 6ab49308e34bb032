/** Small helpers shared by the benchmark drivers: statistics, wrk output, SVG plots, the machine description. */
package io.tocsin.benchmarks.report;
