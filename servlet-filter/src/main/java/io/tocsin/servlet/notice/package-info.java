/**
 * What the visitor reads: the notice page and the banner, rendered from templates an operator can
 * replace, with text from resource bundles chosen by {@code Accept-Language}, and every untrusted
 * value escaped.
 */
package io.tocsin.servlet.notice;
