/**
 * {@code publish}: combines the store's evidence and the enumerable sources marked for publishing by
 * weight and threshold into one list, and writes it as rbldnsd data ({@code ip4set}, {@code ip6trie})
 * and a plain feed, each file replaced atomically and only when its content changed.
 */
package io.tocsin.publisher.zone;
