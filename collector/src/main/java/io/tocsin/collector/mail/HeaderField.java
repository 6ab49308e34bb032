package io.tocsin.collector.mail;

/** One header field of a message, as written (the value unfolded). */
record HeaderField(String name, String value) {
}
