/** Request-level benchmarks: wrk against a Jetty server with and without the filter, budget under failure, heap while injecting. */
package io.tocsin.benchmarks.http;
