package io.tocsin.core.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.tocsin.core.Listing;
import io.tocsin.core.Verdict;
import io.tocsin.core.faults.FaultyHttpServer.Reply;
import io.tocsin.core.json.VerdictJson;
import io.tocsin.testing.Rbldnsd;
import org.junit.jupiter.api.Test;

/**
 * Reasons are untrusted text from a list. A {@link Listing} caps its reason at
 * {@link Listing#MAX_REASON_LENGTH} characters whichever source gave it (DNSBL TXT records,
 * CrowdSec scenarios, http-json reasons), and a cut never leaves half a character behind, which
 * would break the JSON written for the verdict endpoint and the CLI.
 */
class HostileReasonIT {

    private static final String VISITOR = "192.0.2.66";
    /** Markup, a bidi override, and an emoji placed so that a cut at 500 characters splits it. */
    private static final String HOSTILE = "<script>alert(1)</script>\u202E" + "x".repeat(499 - 26) + "\uD83D\uDE00" + "y".repeat(10 * 1024);

    private static void checkReason(Verdict verdict) {
        assertThat(verdict.listed()).isTrue();
        Listing listing = verdict.listings().get(0);
        String reason = listing.reason();
        String json = VerdictJson.write(verdict); // what the verdict endpoint and the CLI write
        assertThat(json).contains(reason.substring(0, 20)).doesNotContain("\uFFFD");
        assertThat(reason.length()).as("reason length").isLessThanOrEqualTo(Listing.MAX_REASON_LENGTH + 1);
        for (int i = 0; i < reason.length(); i++) {
            char c = reason.charAt(i);
            if (Character.isHighSurrogate(c)) {
                assertThat(i + 1 < reason.length() && Character.isLowSurrogate(reason.charAt(i + 1)))
                        .as("high surrogate at %s has its pair", i).isTrue();
            } else if (Character.isLowSurrogate(c)) {
                assertThat(i > 0 && Character.isHighSurrogate(reason.charAt(i - 1))).as("low surrogate at %s has its pair", i).isTrue();
            }
        }
    }

    @Test
    void crowdsecScenarioReason() throws Exception {
        try (FaultyHttpServer api = new FaultyHttpServer()) {
            api.reply(Reply.ok("application/json", "[{\"duration\":\"1h\",\"id\":1,\"origin\":\"cscli\",\"scenario\":\""
                    + jsonEscape(HOSTILE) + "\",\"scope\":\"Ip\",\"type\":\"ban\",\"value\":\"" + VISITOR + "\"}]"));
            try (FaultChecker c = new FaultChecker("tocsin.sources.cs.type", "crowdsec", "tocsin.sources.cs.url", api.url(""),
                    "tocsin.sources.cs.api-key", "k")) {
                checkReason(c.fullCheck(VISITOR));
            }
        }
    }

    @Test
    void httpJsonReason() throws Exception {
        try (FaultyHttpServer api = new FaultyHttpServer()) {
            api.reply(Reply.ok("application/json", "{\"listed\":true,\"why\":\"" + jsonEscape(HOSTILE) + "\"}"));
            try (FaultChecker c = new FaultChecker("tocsin.sources.hj.type", "http-json", "tocsin.sources.hj.url", api.url("/{ip}"),
                    "tocsin.sources.hj.pointer", "/listed", "tocsin.sources.hj.reason-pointer", "/why")) {
                checkReason(c.fullCheck(VISITOR));
            }
        }
    }

    @Test
    void dnsblTxtReasonsJoinedBeyondTheCap() {
        // five TXT records of 200 characters each, joined with "; ", put a high surrogate at index 499
        // (the third record starts at 404, its emoji at 95 characters in)
        StringBuilder data = new StringBuilder();
        for (int i = 1; i <= 5; i++) {
            data.append(VISITOR).append(" :127.0.0.").append(3 + i).append(':').append("<b>".repeat(31)).append("ab")
                    .append("\uD83D\uDE00").append("\u202E".repeat(3)).append("c".repeat(99)).append(i).append('\n');
        }
        try (Rbldnsd dns = Rbldnsd.builder().ip4set("bl.test", data.toString()).start();
             FaultChecker c = new FaultChecker("tocsin.sources.bl.type", "dnsbl", "tocsin.sources.bl.zone", "bl.test",
                     "tocsin.sources.bl.servers", dns.servers(), "tocsin.sources.bl.txt", "true",
                     "tocsin.sources.bl.codes", "127.0.0.4-127.0.0.8=infected")) {
            Verdict v = c.fullCheck(VISITOR);
            assertThat(v.listings().get(0).reason().length()).as("joined reason was long enough to be cut").isEqualTo(Listing.MAX_REASON_LENGTH);
            checkReason(v);
        }
    }

    private static String jsonEscape(String s) {
        StringBuilder sb = new StringBuilder();
        for (char ch : s.toCharArray()) {
            if (ch == '"' || ch == '\\') {
                sb.append('\\').append(ch);
            } else if (ch > 0x7e || ch < 0x20) {
                sb.append(String.format("\\u%04x", (int) ch));
            } else {
                sb.append(ch);
            }
        }
        return sb.toString();
    }
}
