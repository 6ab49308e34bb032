package io.tocsin.publisher.guard;

import io.tocsin.core.Checker;
import io.tocsin.core.EnumerableSource;
import io.tocsin.core.Source;
import io.tocsin.core.Verdict;
import io.tocsin.core.ip.IpAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches what a live meta-list ({@code serve-dns}) would publish, and holds publication back while
 * it looks like a list of the world:
 * <ul>
 *   <li>the combined verdict for 127.0.0.1, the RFC 5782 test point that is never listed, notifies
 *       (some source lists everything, loopback included);</li>
 *   <li>an enumerable source (list, feed, CrowdSec stream, evidence) covers more than
 *       {@code tocsin.publish.max-share} of some /8.</li>
 * </ul>
 * Checked before the first answer and every {@code interval}; it lets go by itself when a check
 * passes again. Each change is reported (logged, and passed to the report callback).
 */
public final class PublicationGuard implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PublicationGuard.class);
    private static final IpAddress NEVER_LISTED = IpAddress.ofIpv4(0x7F000001);

    private final Checker checker;
    private final GuardLimits limits;
    private final Predicate<Source> counts;
    private final Consumer<String> report;
    private volatile String problem;
    private volatile ScheduledFuture<?> next;

    /**
     * @param counts which sources can list an address (allowlists, with a negative weight, cannot)
     * @param report told of each change: the problem, or {@code null} when publication resumes
     */
    public PublicationGuard(Checker checker, GuardLimits limits, Predicate<Source> counts, Consumer<String> report) {
        this.checker = Objects.requireNonNull(checker, "checker");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.counts = Objects.requireNonNull(counts, "counts");
        this.report = Objects.requireNonNull(report, "report");
    }

    /** Whether answers about addresses are held back now (answered SERVFAIL). */
    public boolean holdsBack() {
        return problem != null;
    }

    /** Why publication is held back, or {@code null}. */
    public String problem() {
        return problem;
    }

    /** Checks now; completes with the problem found, or {@code null}. */
    public CompletableFuture<String> check() {
        String found = null;
        for (Source source : checker.sources()) {
            if (source instanceof EnumerableSource enumerable && counts.test(source)) {
                Coverage coverage = new Coverage();
                enumerable.forEachListed(entry -> coverage.add(entry.range()));
                String share = coverage.shareProblem(limits);
                if (share != null) {
                    found = "source " + source.name() + " lists the world: " + share;
                    break;
                }
            }
        }
        if (found != null) {
            set(found);
            return CompletableFuture.completedFuture(found);
        }
        return checker.check(NEVER_LISTED).thenApply(verdict -> {
            String p = verdict.shouldNotify()
                    ? "the combined verdict lists 127.0.0.1, which RFC 5782 says is never listed: some source lists the world ("
                        + sources(verdict) + ")"
                    : null;
            set(p);
            return p;
        });
    }

    /** Checks now and then every {@code interval} on {@code scheduler}; completes after the first check. */
    public CompletableFuture<String> start(ScheduledExecutorService scheduler, Duration interval) {
        CompletableFuture<String> first = check();
        next = scheduler.scheduleWithFixedDelay(() -> {
            try {
                check();
            } catch (RuntimeException e) {
                LOG.warn("publication check failed: {}", e.toString());
            }
        }, interval.toNanos(), interval.toNanos(), TimeUnit.NANOSECONDS);
        return first;
    }

    private void set(String newProblem) {
        String old = problem;
        problem = newProblem;
        if (Objects.equals(old, newProblem)) {
            return;
        }
        if (newProblem != null) {
            LOG.warn("not publishing: {}", newProblem);
        } else {
            LOG.info("publishing again: the checks pass");
        }
        try {
            report.accept(newProblem);
        } catch (RuntimeException e) {
            // a report must not stop the guard
        }
    }

    private static String sources(Verdict verdict) {
        StringBuilder sb = new StringBuilder("listed by ");
        verdict.listings().forEach(l -> sb.append(sb.length() > 10 ? ", " : "").append(l.source()));
        return sb.toString();
    }

    @Override
    public void close() {
        ScheduledFuture<?> n = next;
        if (n != null) {
            n.cancel(false);
        }
    }
}
