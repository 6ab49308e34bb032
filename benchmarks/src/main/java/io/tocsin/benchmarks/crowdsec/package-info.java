/** CrowdSec benchmarks: live per-address lookups against a real Local API on loopback. */
package io.tocsin.benchmarks.crowdsec;
