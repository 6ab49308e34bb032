/**
 * The {@code crowdsec} source: a CrowdSec Local API asked per address ({@code mode=live}) or mirrored
 * whole through the bouncer decision stream ({@code mode=stream}), which reveals no visitor address.
 */
package io.tocsin.core.crowdsec;
