/**
 * What every HTTP source shares: one OkHttp client, per-source timeouts, a cap on requests in flight
 * and on response size, rate-limit pauses, and the mapping of HTTP and JSON problems to error results.
 */
package io.tocsin.core.http;
