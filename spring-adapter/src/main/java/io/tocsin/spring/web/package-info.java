/**
 * Registration of the {@link io.tocsin.servlet.TocsinFilter} in a Spring Boot servlet web application.
 */
package io.tocsin.spring.web;
