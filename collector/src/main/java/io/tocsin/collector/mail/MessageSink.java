package io.tocsin.collector.mail;

import java.io.InputStream;

/** Receives the messages {@link Mailboxes} finds. */
public interface MessageSink {

    /** One message; {@code message} is valid only during the call. */
    void message(String label, InputStream message);

    /** A message that could not be opened; the run goes on. */
    void unreadable(String label, String error);
}
