/**
 * What the visitor reads: the notice page and the banner, rendered from templates an operator can
 * replace, with text from resource bundles chosen by {@code Accept-Language}.
 */
package io.tocsin.servlet.notice;
