/**
 * The lookup engine: {@link io.tocsin.core.Checker} asks every {@link io.tocsin.core.Source} about an
 * address in parallel, within a budget, and caches the {@link io.tocsin.core.Verdict}.
 */
package io.tocsin.core;
