/**
 * Who the visitor is: the client address behind trusted reverse proxies, from
 * {@code X-Forwarded-For} and RFC 7239 {@code Forwarded} headers.
 */
package io.tocsin.servlet.client;
