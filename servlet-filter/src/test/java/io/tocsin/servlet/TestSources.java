package io.tocsin.servlet;

import io.tocsin.core.Category;
import io.tocsin.core.Checker;
import io.tocsin.core.Listing;
import io.tocsin.core.Source;
import io.tocsin.core.SourceResult;
import io.tocsin.core.ip.IpAddress;
import io.tocsin.core.ip.IpSet;
import io.tocsin.core.list.ListSource;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Checkers for the filter tests, made of sources that need no server. */
final class TestSources {

    static final String LISTED = "192.0.2.66";
    static final String LISTED_TOO = "192.0.2.67";
    static final String CLEAN = "192.0.2.1";
    static final String POLICY_ONLY = "192.0.2.80";
    static final String HOSTILE = "192.0.2.99";
    static final String HOSTILE_REASON = "<script>alert('x')</script>\"><img src=x onerror=alert(1)> & more";
    /** A loopback address tests connect from as an untrusted, listed peer. */
    static final String LISTED_PEER = "127.0.0.3";
    /** A loopback address tests connect from as an untrusted, clean peer. */
    static final String CLEAN_PEER = "127.0.0.2";
    static final String SECRET = "a test secret that is long enough";

    private TestSources() {
    }

    static Checker checker() {
        return sources(Checker.builder()).build();
    }

    /** The same sources with every weight and the threshold set explicitly to their defaults, 1. */
    static Checker checkerWithExplicitDefaultWeights() {
        return sources(Checker.builder()).weight("bl", 1).weight("pbl", 1).weight("hostile", 1).notifyThreshold(1).build();
    }

    private static Checker.Builder sources(Checker.Builder builder) {
        return builder
                .source(new ListSource("bl", IpSet.parse(LISTED + ", " + LISTED_TOO + ", " + LISTED_PEER + ", 2001:db8::66"), Category.INFECTED))
                .source(new ListSource("pbl", IpSet.parse(POLICY_ONLY), Category.POLICY))
                .source(new FixedSource("hostile", IpAddress.parse(HOSTILE), HOSTILE_REASON));
    }

    /** A checker whose only source never answers: every verdict is unknown within a request's budget. */
    static Checker hanging() {
        return Checker.builder().source(new Source() {
            @Override
            public String name() {
                return "hanging";
            }

            @Override
            public CompletionStage<SourceResult> query(IpAddress ip) {
                return new CompletableFuture<>();
            }
        }).build();
    }

    /** Lists one address with a given reason. */
    static final class FixedSource implements Source {
        private final String name;
        private final IpAddress ip;
        private final String reason;

        FixedSource(String name, IpAddress ip, String reason) {
            this.name = name;
            this.ip = ip;
            this.reason = reason;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public CompletionStage<SourceResult> query(IpAddress address) {
            return CompletableFuture.completedFuture(address.equals(ip)
                    ? SourceResult.listed(new Listing(name, Category.INFECTED, List.of("127.0.0.4"), reason))
                    : new SourceResult.NotListed());
        }
    }
}
