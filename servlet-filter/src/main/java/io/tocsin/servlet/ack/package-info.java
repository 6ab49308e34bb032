/**
 * The visitor's acknowledgement of a notice: the signed {@code tocsin_ack} cookie, and the checks on
 * the acknowledging post (same-site origin, a same-site return path).
 */
package io.tocsin.servlet.ack;
