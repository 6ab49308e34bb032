package io.tocsin.servlet;

import static io.tocsin.servlet.RawHttp.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tocsin.testing.Rbldnsd;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A meta-list configured by init-params: weights and a threshold decide the banner, and the verdict
 * endpoint and notice page explain the decision.
 */
class WeightedFilterIT {

    private static Rbldnsd dns;

    @BeforeAll
    static void startDns() {
        dns = Rbldnsd.builder()
                .ip4set("strong.test", "192.0.2.10 :127.0.0.2:strong\n10.9.9.9 :127.0.0.2:strong")
                .ip4set("weak.test", "192.0.2.20 :127.0.0.2:weak\n192.0.2.10 :127.0.0.2:weak too")
                .start();
    }

    @AfterAll
    static void stopDns() {
        dns.close();
    }

    private static Map<String, String> params() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("tocsin.trusted-proxies", "127.0.0.1");
        p.put("tocsin.lookup-budget", "2s");
        p.put("tocsin.notify-threshold", "1");
        for (String zone : new String[] {"strong", "weak"}) {
            p.put("tocsin.sources." + zone + ".type", "dnsbl");
            p.put("tocsin.sources." + zone + ".zone", zone + ".test");
            p.put("tocsin.sources." + zone + ".servers", dns.servers());
        }
        p.put("tocsin.sources.strong.weight", "1.5");
        p.put("tocsin.sources.weak.weight", "0.5");
        p.put("tocsin.sources.campus.type", "list");
        p.put("tocsin.sources.campus.entries", "10.0.0.0/8");
        p.put("tocsin.sources.campus.category", "other");
        p.put("tocsin.sources.campus.weight", "-100");
        return p;
    }

    @Test
    void weightsDecideTheBannerAndThePagesExplainIt() throws Exception {
        FilterHolder[] holder = new FilterHolder[1];
        Server server = WebXmlConfigIT.start(params(), holder);
        int port = WebXmlConfigIT.port(server);
        try {
            ((TocsinFilter) holder[0].getFilter()).checker().ready().get(10, TimeUnit.SECONDS);
            assertThat(get("/page").from("192.0.2.10").send(port).header("Tocsin-Notice")).as("1.5 + 0.5").isEqualTo("banner");
            assertThat(get("/page").from("192.0.2.20").send(port).header("Tocsin-Notice")).as("0.5 < 1").isNull();
            assertThat(get("/page").from("10.9.9.9").send(port).header("Tocsin-Notice")).as("the campus allowlist").isNull();

            String verdict = get("/_tocsin/verdict").from("192.0.2.20").send(port).text();
            assertThat(verdict).contains("\"score\":0.5,\"threshold\":1,\"decision\":\"below-threshold\"")
                    .contains("\"source\":\"weak\"").contains("\"weight\":0.5,\"counted\":true");
            String vetoed = get("/_tocsin/verdict").from("10.9.9.9").send(port).text();
            assertThat(vetoed).contains("\"score\":-98.5,\"threshold\":1,\"decision\":\"vetoed\"")
                    .contains("\"source\":\"campus\",\"categories\":[\"other\"],\"codes\":[],\"reason\":null,\"weight\":-100,\"counted\":true");

            String notice = get("/_tocsin/notice").from("10.9.9.9").send(port).text();
            assertThat(notice).as("the list table says which lists counted")
                    .contains("<th scope=\"col\">Counted</th>")
                    .contains("<td class=\"tocsin-counted\">Speaks for this address, weight -100</td>")
                    .contains("<td class=\"tocsin-counted\">Yes, weight 1.5</td>");
        } finally {
            server.stop();
        }
    }

    @Test
    void badWeightsAndThresholdsFailStartNamingKeyAndValue() {
        Map<String, String> weight = params();
        weight.put("tocsin.sources.weak.weight", "half");
        assertThatThrownBy(() -> WebXmlConfigIT.start(weight, new FilterHolder[1]))
                .hasStackTraceContaining("tocsin.sources.weak.weight: \"half\" is not a number");
        Map<String, String> threshold = params();
        threshold.put("tocsin.notify-threshold", "0");
        assertThatThrownBy(() -> WebXmlConfigIT.start(threshold, new FilterHolder[1]))
                .hasStackTraceContaining("tocsin.notify-threshold: \"0\" must be greater than zero");
    }
}
