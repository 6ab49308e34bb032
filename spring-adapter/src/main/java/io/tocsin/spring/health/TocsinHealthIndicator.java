package io.tocsin.spring.health;

import io.tocsin.core.Checker;
import io.tocsin.core.SourceHealth;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Reports the health of each of the {@link Checker}'s sources: its state ({@code UP},
 * {@code STARTING} or {@code SUSPENDED}), the reason, and since when.
 *
 * <p>The indicator itself is {@code UP} whenever it can read the checker, even when sources are
 * starting or suspended; it then adds {@code degraded: true}. It is never {@code DOWN} because of a
 * list. A suspended list is Tocsin working as designed — it fails open, and the site goes on
 * serving everyone, so the application is not unhealthy. And the lists are shared by every
 * instance of an application: a dead DNSBL would turn every instance {@code DOWN} at once, and a
 * load balancer polling {@code /actuator/health} would take the whole site offline — exactly what
 * Tocsin promises never to do. To alert on a suspended list, use the {@code tocsin.source.up} gauge
 * or the {@code degraded} detail.
 */
public final class TocsinHealthIndicator extends AbstractHealthIndicator {

    private final Checker checker;

    public TocsinHealthIndicator(Checker checker) {
        super("Tocsin health check failed");
        this.checker = checker;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Map<String, SourceHealth> health = checker.health();
        Map<String, Object> sources = new LinkedHashMap<>();
        int up = 0;
        for (Map.Entry<String, SourceHealth> entry : health.entrySet()) {
            SourceHealth source = entry.getValue();
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("state", source.state().name());
            details.put("reason", source.reason());
            details.put("since", source.since().toString());
            sources.put(entry.getKey(), details);
            if (source.isUp()) {
                up++;
            }
        }
        builder.up()
                .withDetail("sources", sources)
                .withDetail("sourcesUp", up);
        boolean sharedDown = false;
        SourceHealth shared = checker.sharedHealth().orElse(null);
        if (shared != null) { // the farm's Redis: while away, this node works alone (still UP: it fails open)
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("state", shared.state().name());
            details.put("reason", shared.reason());
            details.put("since", shared.since().toString());
            builder.withDetail("shared", details);
            sharedDown = !shared.isUp();
        }
        builder.withDetail("degraded", up < health.size() || sharedDown);
    }
}
