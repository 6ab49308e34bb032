package io.tocsin.collector.mail;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;
import org.apache.james.mime4j.stream.RecursionMode;

/**
 * The top-level header of a message, read with Apache James mime4j's streaming parser, which stops
 * at the end of the header: the body (attachments and all) is never read into memory here.
 *
 * <p>mime4j rather than Jakarta Mail: its token stream reads a message as a sequence of events,
 * so a 50 MB message costs a buffer, not 50 MB; and it is lenient by configuration (a malformed
 * line ends the header instead of failing), which suits the broken mail that worms send. The
 * limits below bound what a hostile header can cost.
 */
final class MessageHeader {

    static final int MAX_FIELDS = 1000;
    static final int MAX_FIELD_LENGTH = 100_000;

    private static final MimeConfig CONFIG = new MimeConfig.Builder()
            .setStrictParsing(false)
            .setMalformedHeaderStartsBody(true)
            .setMaxHeaderCount(MAX_FIELDS)
            .setMaxHeaderLen(MAX_FIELD_LENGTH)
            .setMaxLineLen(-1)
            .build();

    private final List<HeaderField> fields;

    private MessageHeader(List<HeaderField> fields) {
        this.fields = fields;
    }

    /** Every field, top first. */
    List<HeaderField> fields() {
        return fields;
    }

    /** The value of the first field named {@code name}, or {@code null}. */
    String first(String name) {
        for (HeaderField f : fields) {
            if (f.name().equalsIgnoreCase(name)) {
                return f.value();
            }
        }
        return null;
    }

    /**
     * Reads the header from {@code in}, leaving the stream somewhere in the body.
     *
     * @throws MalformedMessageException if there is no header, or it breaks the limits
     * @throws IOException if {@code in} fails
     */
    static MessageHeader read(InputStream in) throws IOException {
        MimeTokenStream stream = new MimeTokenStream(CONFIG);
        stream.setRecursionMode(RecursionMode.M_NO_RECURSE);
        stream.parse(in);
        List<HeaderField> fields = new ArrayList<>();
        try {
            for (EntityState state = stream.next(); state != EntityState.T_END_OF_STREAM; state = stream.next()) {
                if (state == EntityState.T_FIELD) {
                    Field f = stream.getField();
                    fields.add(new HeaderField(f.getName().strip(), unfold(f.getBody())));
                } else if (state == EntityState.T_END_HEADER) {
                    break;
                }
            }
        } catch (MimeException e) {
            throw new MalformedMessageException("malformed header: " + e.getMessage());
        }
        if (fields.isEmpty()) {
            throw new MalformedMessageException("no header fields: not a message");
        }
        return new MessageHeader(fields);
    }

    /** Folding (RFC 5322 section 2.2.3) undone: line breaks go, the whitespace after them stays. */
    private static String unfold(String value) {
        if (value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value.strip();
        }
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c != '\r' && c != '\n') {
                out.append(c);
            }
        }
        return out.toString().strip();
    }

    /** A message that cannot be read as one; the message says why. */
    static final class MalformedMessageException extends IOException {
        MalformedMessageException(String message) {
            super(message);
        }
    }
}
