package io.tocsin.core.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.tocsin.core.SourceError;
import io.tocsin.core.faults.FaultyHttpServer.Reply;
import io.tocsin.testing.Rbldnsd;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Privacy: while lists fail in the ways that make Tocsin log (a DNSBL error code that suspends the
 * zone, a DNSBL that times out, an HTTP API that answers errors naming the visitor), neither the log
 * nor the verdict's error messages hold the visitor's address, in any of the forms a source uses.
 */
class LogPrivacyIT {

    private static final String VISITOR = "192.0.2.66";
    private static final List<String> FORMS = List.of(VISITOR, "66.2.0.192", "192%2E0%2E2%2E66", "c0000242");

    @Test
    void noVisitorAddressInLogsOrErrorMessages() throws Exception {
        PrintStream err = System.err;
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
        List<SourceError> errors = new ArrayList<>();
        System.setErr(capture);
        System.setOut(capture);
        try (Rbldnsd dns = Rbldnsd.builder()
                     .ip4set("errors.test", VISITOR + " :127.255.255.254:public resolver for $")
                     .ip4set("timeout.test", "")
                     .acl("timeout.test", "0.0.0.0/0 :ignore\n::/0 :ignore")
                     .start();
             FaultyHttpServer api = new FaultyHttpServer()) {
            api.reply(Reply.status(500, "application/json", "{\"message\":\"no decision for " + VISITOR + "\"}"));
            try (FaultChecker c = new FaultChecker(
                    "tocsin.sources.err.type", "dnsbl", "tocsin.sources.err.zone", "errors.test", "tocsin.sources.err.servers", dns.servers(),
                    "tocsin.sources.slow.type", "dnsbl", "tocsin.sources.slow.zone", "timeout.test",
                    "tocsin.sources.slow.servers", dns.servers(), "tocsin.sources.slow.health-check", "false",
                    "tocsin.sources.slow.timeout", "200ms",
                    "tocsin.sources.cs.type", "crowdsec", "tocsin.sources.cs.url", api.url(""), "tocsin.sources.cs.api-key", "k",
                    "tocsin.sources.hj.type", "http-json", "tocsin.sources.hj.url", api.url("/check/{ip}"),
                    "tocsin.sources.hj.pointer", "/listed")) {
                errors.addAll(c.fullCheck(VISITOR).errors());
                api.reply(Reply.ok("application/json", "<html>" + VISITOR + " is not JSON</html>"));
                c.checker.invalidateAll();
                errors.addAll(c.fullCheck(VISITOR).errors());
                api.reply(Reply.truncated("application/json", "[{\"value\":\"" + VISITOR + "\",\"type\":\"ban\"}]", 15));
                c.checker.invalidateAll();
                errors.addAll(c.fullCheck(VISITOR).errors());
            }
        } finally {
            System.setErr(err);
            System.setOut(out);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertThat(log).as("the log was captured").contains("suspended");
        assertThat(errors).as("every source failed somehow").isNotEmpty();
        for (String form : FORMS) {
            assertThat(log).as("log\n%s", log).doesNotContainIgnoringCase(form);
            for (SourceError e : errors) {
                assertThat(e.error()).as("error of %s", e.source()).doesNotContainIgnoringCase(form);
            }
        }
        System.out.println("checked " + errors.size() + " error messages and " + log.lines().count() + " log lines");
    }
}
