/**
 * The {@code http-json} source: an in-house reputation service asked per address over HTTP, whose
 * JSON answer holds a boolean or a score at a JSON Pointer. Each visitor's address goes to that service.
 */
package io.tocsin.core.httpjson;
