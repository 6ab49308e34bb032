/**
 * Tocsin's Micrometer meters: lookups, their durations, notices, source health and the verdict
 * cache's statistics.
 */
package io.tocsin.spring.metrics;
