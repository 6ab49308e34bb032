/**
 * The embedded evidence store: one SQLite database in WAL mode in the {@code tocsin.store}
 * directory, written by {@code collect} and read at the same time by any number of processes.
 */
package io.tocsin.collector.store;
