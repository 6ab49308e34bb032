/**
 * Auto-configuration of the Redis tier ({@code tocsin-redis}) for a farm of nodes: a Lettuce client
 * the application already has, and meters for the tier.
 */
package io.tocsin.spring.redis;
