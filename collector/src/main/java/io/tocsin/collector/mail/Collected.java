package io.tocsin.collector.mail;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * What collecting one message found, and whether it was recorded: one JSON line of {@code collect}.
 *
 * @param message where the message came from ({@code inbox.mbox#3}, a file name, {@code -})
 * @param id {@code sha256:HEX} of the Message-ID, or {@code null} when it has none
 * @param verdict the scanner's verdict, {@code null} when the message could not be read
 * @param threat the threat's name, or {@code null}
 * @param scanner what gave the verdict ({@code X-Virus-Status}, {@code clamd}), or {@code null}
 * @param origin the last untrusted relay, or {@code null}
 * @param hops every {@code Received} header, top first
 * @param recorded whether the store took a report
 * @param skipped why nothing was recorded, or {@code null}
 * @param error what went wrong reading or scanning the message, or {@code null}
 */
public record Collected(String message, String id, MailVerdict verdict, String threat, String scanner, Hop origin,
                        List<Hop> hops, boolean recorded, String skipped, String error) {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    public Collected {
        hops = List.copyOf(hops);
    }

    /** The result for a message that could not even be opened. */
    public static Collected unreadable(String message, String error) {
        return failed(message, error);
    }

    static Collected failed(String message, String error) {
        return new Collected(message, null, null, null, null, null, List.of(), false, null, error);
    }

    /** The result as one line of JSON (no line break). */
    public String toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("message", message);
        if (verdict == null) {
            json.put("error", error);
            json.put("recorded", false);
            return MAPPER.writeValueAsString(json);
        }
        json.put("id", id);
        json.put("verdict", verdict.id());
        json.put("threat", threat);
        json.put("scanner", scanner);
        json.put("origin", origin == null ? null : hop(origin, false));
        List<Object> list = new ArrayList<>();
        for (Hop h : hops) {
            list.add(hop(h, true));
        }
        json.put("hops", list);
        json.put("recorded", recorded);
        if (skipped != null) {
            json.put("skipped", skipped);
        }
        if (error != null) {
            json.put("error", error);
        }
        return MAPPER.writeValueAsString(json);
    }

    private static Map<String, Object> hop(Hop h, boolean withAuth) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ip", h.ip() == null ? null : h.ip().toString());
        m.put("helo", h.helo());
        m.put("rdns", h.rdns());
        m.put("by", h.by());
        if (withAuth) {
            m.put("auth", h.auth());
        }
        return m;
    }
}
