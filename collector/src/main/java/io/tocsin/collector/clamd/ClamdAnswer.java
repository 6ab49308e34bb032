package io.tocsin.collector.clamd;

/**
 * What clamd said about one stream.
 *
 * @param infected whether clamd found something
 * @param threat the signature's name when infected, else {@code null}
 */
public record ClamdAnswer(boolean infected, String threat) {
}
