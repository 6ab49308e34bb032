/**
 * A farm of nodes on Redis: the evidence store ({@code tocsin.store=redis}), verdicts shared behind
 * each node's own cache, and farm-wide {@code max-rate} token buckets, all over one Lettuce
 * connection configured by {@code tocsin.redis.*}. Redis down, slow or flapping never fails a
 * request: each node falls back to its own cache and store and recovers by itself.
 */
package io.tocsin.redis;
