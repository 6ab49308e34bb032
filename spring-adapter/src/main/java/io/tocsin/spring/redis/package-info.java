/**
 * Auto-configuration of the Redis tier ({@code tocsin-redis}) for a farm of nodes: the Redis of
 * {@code tocsin.redis.url}, or else a Lettuce client the application already has (a client bean, or
 * the native client of Spring Data Redis's {@code LettuceConnectionFactory}), and meters for the tier.
 */
package io.tocsin.spring.redis;
