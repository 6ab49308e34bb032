/**
 * The Spring Boot demo: a pretend webmail (login page, inbox, JSON API) behind the Tocsin starter.
 */
package io.tocsin.demo.webmail;
