/**
 * Generated, seeded traffic of infected machines, people and background for the beacon-detection
 * tests and benchmarks, written as BIND, Unbound, dnsmasq or Squid log lines.
 */
package io.tocsin.testing.traffic;
