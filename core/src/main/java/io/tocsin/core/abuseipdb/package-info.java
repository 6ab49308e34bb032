/**
 * The {@code abuseipdb} source: AbuseIPDB's APIv2 {@code check} endpoint, with a confidence
 * threshold, its rate limits honoured and an optional daily quota. Each visitor's address goes to AbuseIPDB.
 */
package io.tocsin.core.abuseipdb;
