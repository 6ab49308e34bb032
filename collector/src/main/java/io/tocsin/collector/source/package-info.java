/**
 * The {@code evidence} source type: lists what the evidence store holds, so a checker warns the
 * addresses a webmail or network collected itself, without DNS.
 */
package io.tocsin.collector.source;
