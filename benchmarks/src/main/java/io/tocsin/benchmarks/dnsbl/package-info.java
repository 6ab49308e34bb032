/** Cold DNSBL lookups through the engine, next to dnsperf (the server's ceiling) and blocking lookups written by hand. */
package io.tocsin.benchmarks.dnsbl;
