/** A client for clamd's {@code INSTREAM} command, over TCP or a Unix socket, with a bounded wait. */
package io.tocsin.collector.clamd;
