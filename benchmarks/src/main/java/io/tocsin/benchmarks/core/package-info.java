/** The core's request-path costs: parsing an address, and a budgeted check that hits the cache. */
package io.tocsin.benchmarks.core;
