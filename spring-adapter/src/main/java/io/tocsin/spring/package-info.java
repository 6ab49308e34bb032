/**
 * Spring Boot support for Tocsin: the {@code tocsin.*} configuration properties and the
 * auto-configuration of the {@link io.tocsin.core.Checker}, with the failure analyzer that explains a
 * bad setting. The filter, health and metrics live in sub-packages.
 */
package io.tocsin.spring;
