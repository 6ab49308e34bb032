/**
 * The {@code tocsin} health contributor: the health of each list, for Spring Boot's health endpoint.
 */
package io.tocsin.spring.health;
