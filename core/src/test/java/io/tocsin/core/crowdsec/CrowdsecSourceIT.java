package io.tocsin.core.crowdsec;

import static io.tocsin.core.http.SourceFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.tocsin.core.Category;
import io.tocsin.core.SourceHealth;
import io.tocsin.core.SourceResult;
import io.tocsin.core.SourceResult.Failure;
import io.tocsin.core.http.SourceFixture;
import io.tocsin.testing.CrowdsecLapi;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The {@code crowdsec} source against a real CrowdSec Local API on loopback. */
class CrowdsecSourceIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static CrowdsecLapi lapi;

    @BeforeAll
    static void startLapi() {
        lapi = CrowdsecLapi.start();
        lapi.addDecision("192.0.2.66", Duration.ofHours(1), "crowdsecurity/ssh-bf", "ban");
        lapi.addDecision("198.51.100.0/24", Duration.ofHours(2), "range-test", "captcha");
        lapi.addDecision("2001:db8::66", Duration.ofHours(1), "v6-single", "ban");
        lapi.addDecision("2001:db8:abcd::/48", Duration.ofHours(1), "v6-range", "custom-type");
    }

    @AfterAll
    static void stopLapi() {
        if (lapi != null) {
            lapi.close();
        }
    }

    private static SourceFixture live(String... extra) {
        String[] keys = {"type", "crowdsec", "url", lapi.url(), "api-key", lapi.apiKey()};
        return new SourceFixture("cs", concat(keys, extra)).start();
    }

    private static SourceFixture stream(CrowdsecLapi api, String... extra) {
        String[] keys = {"type", "crowdsec", "mode", "stream", "refresh", "200ms", "url", api.url(), "api-key", api.apiKey()};
        return new SourceFixture("cs", concat(keys, extra));
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static SourceResult.Listed listed(SourceResult result) {
        assertThat(result).as("result").isInstanceOf(SourceResult.Listed.class);
        return (SourceResult.Listed) result;
    }

    @Nested
    class Live {

        @Test
        void listsAnIpv4DecisionWithItsScenarioAsReason() {
            try (SourceFixture cs = live("scenario-categories", "crowdsecurity/ssh-*=attacker")) {
                SourceResult.Listed r = listed(cs.query("192.0.2.66"));
                assertThat(r.listing().source()).isEqualTo("cs");
                assertThat(r.listing().categories()).containsExactly(Category.ATTACKER);
                assertThat(r.listing().codes()).containsExactly("ban");
                assertThat(r.listing().reason()).isEqualTo("crowdsecurity/ssh-bf");
            }
        }

        @Test
        void nullBodyMeansNotListed() {
            try (SourceFixture cs = live()) {
                assertThat(cs.query("192.0.2.1")).isEqualTo(SourceResult.NOT_LISTED);
                assertThat(cs.query("2001:db8::1")).isEqualTo(SourceResult.NOT_LISTED);
            }
        }

        @Test
        void rangesAndIpv6() {
            try (SourceFixture cs = live()) {
                SourceResult.Listed inRange = listed(cs.query("198.51.100.7"));
                assertThat(inRange.listing().categories()).containsExactly(Category.INFECTED);
                assertThat(inRange.listing().codes()).containsExactly("captcha");
                assertThat(listed(cs.query("2001:db8::66")).listing().reason()).isEqualTo("v6-single");
                assertThat(listed(cs.query("2001:db8:abcd:1::5")).listing().codes()).containsExactly("custom-type");
                assertThat(cs.query("2001:db8:abce::5")).isEqualTo(SourceResult.NOT_LISTED);
            }
        }

        @Test
        void typesFilterIgnoresOtherDecisionTypes() {
            try (SourceFixture cs = live("types", "ban")) {
                assertThat(cs.query("198.51.100.7")).as("captcha is not counted").isEqualTo(SourceResult.NOT_LISTED);
                listed(cs.query("192.0.2.66"));
            }
        }

        @Test
        void wrongKeySaysSoWithoutTheAddress() {
            try (SourceFixture cs = new SourceFixture("cs", "type", "crowdsec", "url", lapi.url(), "api-key", "wrong").start()) {
                SourceResult r = cs.query("192.0.2.66");
                assertThat(r).isInstanceOf(SourceResult.Failed.class);
                SourceResult.Failed f = (SourceResult.Failed) r;
                assertThat(f.kind()).isEqualTo(Failure.ERROR);
                assertThat(f.message()).contains("403").contains("API key").contains("access forbidden").doesNotContain("192.0.2.66");
            }
        }

        @Test
        void deletedDecisionIsGoneAtOnce() {
            lapi.addDecision("203.0.113.9", Duration.ofHours(1), "to-delete", "ban");
            try (SourceFixture cs = live()) {
                listed(cs.query("203.0.113.9"));
                lapi.deleteDecisions("203.0.113.9");
                assertThat(cs.query("203.0.113.9")).isEqualTo(SourceResult.NOT_LISTED);
            }
        }

        @Test
        void apiDownIsAnErrorResult() {
            try (CrowdsecLapi own = CrowdsecLapi.start();
                 SourceFixture cs = new SourceFixture("cs", "type", "crowdsec", "url", own.url(), "api-key", own.apiKey()).start()) {
                own.addDecision("192.0.2.70", Duration.ofHours(1), "x", "ban");
                listed(cs.query("192.0.2.70"));
                own.stop();
                SourceResult r = cs.query("192.0.2.70");
                assertThat(r).isInstanceOf(SourceResult.Failed.class);
                assertThat(((SourceResult.Failed) r).message()).startsWith("connection refused by 127.0.0.1:");
                own.restart();
                listed(cs.query("192.0.2.70"));
            }
        }
    }

    @Nested
    class Stream {

        @Test
        void loadsEverythingAtStartupThenFollowsNewAndDeletedDecisions() {
            try (SourceFixture cs = stream(lapi).start()) {
                assertThat(cs.source.health().state()).isEqualTo(SourceHealth.State.UP);
                assertThat(listed(cs.query("192.0.2.66")).listing().reason()).isEqualTo("crowdsecurity/ssh-bf");
                assertThat(listed(cs.query("198.51.100.200")).listing().codes()).containsExactly("captcha");
                listed(cs.query("2001:db8::66"));
                listed(cs.query("2001:db8:abcd:ffff::1"));
                assertThat(cs.query("192.0.2.1")).isEqualTo(SourceResult.NOT_LISTED);
                assertThat(cs.query("2001:db8::67")).isEqualTo(SourceResult.NOT_LISTED);

                lapi.addDecision("203.0.113.50", Duration.ofHours(1), "new-one", "ban");
                lapi.addDecision("2001:db8:50::/64", Duration.ofHours(1), "new-v6-range", "ban");
                await("new decisions arrive", WAIT, () -> cs.query("203.0.113.50") instanceof SourceResult.Listed
                        && cs.query("2001:db8:50::9") instanceof SourceResult.Listed);

                lapi.deleteDecisions("203.0.113.50");
                lapi.deleteDecisions("2001:db8:50::/64");
                await("deletions arrive", WAIT, () -> cs.query("203.0.113.50") == SourceResult.NOT_LISTED
                        && cs.query("2001:db8:50::9") == SourceResult.NOT_LISTED);
                // deletions repeat in later polls; applying them again changes nothing
                int held = ((CrowdsecStreamSource) cs.source).size();
                String before = cs.source.health().reason();
                await("another poll", WAIT, () -> !cs.source.health().reason().equals(before));
                listed(cs.query("192.0.2.66"));
                assertThat(((CrowdsecStreamSource) cs.source).size()).isEqualTo(held);
            }
        }

        @Test
        void startupIncludesRecentDeletionsWhichAreHarmless() {
            lapi.addDecision("203.0.113.60", Duration.ofHours(1), "deleted-before-start", "ban");
            lapi.deleteDecisions("203.0.113.60");
            try (SourceFixture cs = stream(lapi).start()) {
                assertThat(cs.query("203.0.113.60")).isEqualTo(SourceResult.NOT_LISTED);
                listed(cs.query("192.0.2.66"));
            }
        }

        @Test
        void keepsDecisionsWhileTheApiIsDownExpiresThemLocallyAndRecovers() {
            try (CrowdsecLapi own = CrowdsecLapi.start()) {
                own.addDecision("192.0.2.80", Duration.ofHours(1), "long", "ban");
                own.addDecision("192.0.2.81", Duration.ofSeconds(3), "short", "ban");
                try (SourceFixture cs = stream(own).start()) {
                    listed(cs.query("192.0.2.80"));
                    listed(cs.query("192.0.2.81"));
                    own.stop();
                    await("a failed poll shows in health", WAIT, () -> cs.source.health().reason().startsWith("poll failed"));
                    assertThat(cs.source.health().state()).isEqualTo(SourceHealth.State.UP);
                    listed(cs.query("192.0.2.80"));
                    // no API to report the deletion: the decision ends by its own duration
                    await("the short decision expires locally", WAIT, () -> cs.query("192.0.2.81") == SourceResult.NOT_LISTED);
                    listed(cs.query("192.0.2.80"));

                    own.restart();
                    own.addDecision("192.0.2.82", Duration.ofHours(1), "after-restart", "ban");
                    await("polls resume after the restart", WAIT, () -> cs.query("192.0.2.82") instanceof SourceResult.Listed
                            && !cs.source.health().reason().contains("poll failed"));
                    listed(cs.query("192.0.2.80"));
                }
            }
        }

        @Test
        void apiDownAtStartGivesErrorsThenLoadsWhenItComesUp() {
            try (CrowdsecLapi own = CrowdsecLapi.start()) {
                own.addDecision("192.0.2.90", Duration.ofHours(1), "late", "ban");
                own.stop();
                try (SourceFixture cs = stream(own).start()) {
                    assertThat(cs.source.health().state()).isEqualTo(SourceHealth.State.SUSPENDED);
                    assertThat(cs.source.health().reason()).contains("cannot load decisions").contains("retrying in");
                    SourceResult r = cs.query("192.0.2.90");
                    assertThat(r).isInstanceOf(SourceResult.Failed.class);
                    assertThat(((SourceResult.Failed) r).kind()).isEqualTo(Failure.SUSPENDED);
                    own.restart();
                    await("the first load after the API came up", WAIT, () -> cs.query("192.0.2.90") instanceof SourceResult.Listed
                            && cs.source.health().state() == SourceHealth.State.UP);
                }
            }
        }

        @Test
        void wrongKeySuspendsWithAClearReason() {
            try (SourceFixture cs = new SourceFixture("cs", "type", "crowdsec", "mode", "stream", "url", lapi.url(), "api-key", "wrong").start()) {
                assertThat(cs.source.health().state()).isEqualTo(SourceHealth.State.SUSPENDED);
                assertThat(cs.source.health().reason()).contains("403").contains("API key");
                assertThat(cs.query("192.0.2.66")).isInstanceOf(SourceResult.Failed.class);
            }
        }
    }
}
