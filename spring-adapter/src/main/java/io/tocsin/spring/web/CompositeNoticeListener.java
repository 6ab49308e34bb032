package io.tocsin.spring.web;

import io.tocsin.servlet.Mode;
import io.tocsin.servlet.NoticeListener;
import io.tocsin.servlet.VisitorAction;
import java.util.List;

/** Tells each of several notice listeners; one that throws does not keep it from the rest. */
final class CompositeNoticeListener implements NoticeListener {

    private final List<NoticeListener> listeners;

    private CompositeNoticeListener(List<NoticeListener> listeners) {
        this.listeners = listeners;
    }

    static NoticeListener of(List<? extends NoticeListener> listeners) {
        if (listeners.isEmpty()) {
            return NoticeListener.NONE;
        }
        if (listeners.size() == 1) {
            return listeners.get(0);
        }
        return new CompositeNoticeListener(List.copyOf(listeners));
    }

    @Override
    public void noticeShown(Mode mode) {
        for (NoticeListener listener : listeners) {
            try {
                listener.noticeShown(mode);
            } catch (RuntimeException ignored) {
                // a faulty listener must not silence the others, nor touch the response
            }
        }
    }

    @Override
    public void visitorActed(Mode mode, VisitorAction action, java.util.Locale language) {
        for (NoticeListener listener : listeners) {
            try {
                listener.visitorActed(mode, action, language);
            } catch (RuntimeException ignored) {
                // a faulty listener must not silence the others, nor touch the response
            }
        }
    }
}
