/**
 * The threads Tocsin starts: named daemon threads whose owner (a checker, an HTTP client, a feed)
 * can wait, when it closes, until every one of them has ended.
 */
package io.tocsin.core.threads;
