/**
 * A farm of nodes on Redis: list queries per distinct visitor as nodes are added, the latency a
 * Redis hit adds over a local hit, filter throughput with the Redis tier on and off, and Redis memory
 * per address.
 */
package io.tocsin.benchmarks.farm;
