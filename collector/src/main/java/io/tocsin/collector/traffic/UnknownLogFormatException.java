package io.tocsin.collector.traffic;

/** No log format reads the lines of an input: the message names the input and how to say the format. */
public final class UnknownLogFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    UnknownLogFormatException(String input) {
        super("cannot tell the log format of " + input + " (no line is a BIND, Unbound, dnsmasq or Squid log line; give --format bind|unbound|dnsmasq|squid)");
    }
}
