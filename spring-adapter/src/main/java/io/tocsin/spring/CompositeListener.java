package io.tocsin.spring;

import io.tocsin.core.Listener;
import io.tocsin.core.SourceHealth;
import io.tocsin.core.SourceResult;
import io.tocsin.core.Verdict;
import io.tocsin.core.ip.IpAddress;
import java.util.List;

/** Hands every event to each of several listeners; one that throws does not keep it from the rest. */
final class CompositeListener implements Listener {

    private final List<Listener> listeners;

    private CompositeListener(List<Listener> listeners) {
        this.listeners = listeners;
    }

    /** One listener for all of {@code listeners}: {@link Listener#NONE}, the only one, or a composite. */
    static Listener of(List<? extends Listener> listeners) {
        if (listeners.isEmpty()) {
            return Listener.NONE;
        }
        if (listeners.size() == 1) {
            return listeners.get(0);
        }
        return new CompositeListener(List.copyOf(listeners));
    }

    @Override
    public void sourceQueried(String source, IpAddress ip, SourceResult result, long nanos) {
        for (Listener listener : listeners) {
            try {
                listener.sourceQueried(source, ip, result, nanos);
            } catch (RuntimeException ignored) {
                // a faulty listener must not silence the others
            }
        }
    }

    @Override
    public void verdictComputed(Verdict verdict, long nanos) {
        for (Listener listener : listeners) {
            try {
                listener.verdictComputed(verdict, nanos);
            } catch (RuntimeException ignored) {
                // a faulty listener must not silence the others
            }
        }
    }

    @Override
    public void verdictAnsweredEarly(Verdict verdict, long nanos) {
        for (Listener listener : listeners) {
            try {
                listener.verdictAnsweredEarly(verdict, nanos);
            } catch (RuntimeException ignored) {
                // a faulty listener must not silence the others
            }
        }
    }

    @Override
    public void budgetExceeded(IpAddress ip) {
        for (Listener listener : listeners) {
            try {
                listener.budgetExceeded(ip);
            } catch (RuntimeException ignored) {
                // a faulty listener must not silence the others
            }
        }
    }

    @Override
    public void healthChanged(String source, SourceHealth health) {
        for (Listener listener : listeners) {
            try {
                listener.healthChanged(source, health);
            } catch (RuntimeException ignored) {
                // a faulty listener must not silence the others
            }
        }
    }
}
