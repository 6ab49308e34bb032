/** Starts the real services that Tocsin's tests run against on free loopback ports, and stops them. */
package io.tocsin.testing;
