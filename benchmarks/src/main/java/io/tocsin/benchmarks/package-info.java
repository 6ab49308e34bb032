/** Benchmarks, run by hand; every figure is a ratio against a baseline measured side by side. */
package io.tocsin.benchmarks;
