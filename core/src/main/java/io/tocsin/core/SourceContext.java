package io.tocsin.core;

import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What a checker lends its sources for background work. Sources must not shut the scheduler down.
 *
 * @param scheduler runs health checks, refreshes and polls; shared by all sources of a checker
 * @param clock wall-clock time, for health timestamps and expiry (injectable in tests)
 * @param listener where health changes are reported
 */
public record SourceContext(ScheduledExecutorService scheduler, Clock clock, Listener listener) {
}
