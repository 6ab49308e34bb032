package io.tocsin.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every mode's rules as one table, without a container: the request's facts, the visitor's, and what
 * the filter does; and whether the verdict was looked up at all (a sub-resource in banner mode must
 * cost no lookup).
 */
class ActionTest {

    /** The facts of one visit; counts how often the verdict was asked for. */
    private static final class Facts implements Action.Facts {
        final boolean get, navigation, asset, acceptsHtml, notify, acknowledged, allowed;
        int lookups;

        Facts(String method, boolean navigation, boolean asset, boolean acceptsHtml, boolean notify,
              boolean acknowledged, boolean allowed) {
            this.get = method.equals("GET");
            this.navigation = navigation;
            this.asset = asset;
            this.acceptsHtml = acceptsHtml;
            this.notify = notify;
            this.acknowledged = acknowledged;
            this.allowed = allowed;
        }

        @Override public boolean get() { return get; }
        @Override public boolean navigation() { return navigation; }
        @Override public boolean asset() { return asset; }
        @Override public boolean acceptsHtml() { return acceptsHtml; }
        @Override public boolean shouldNotify() { lookups++; return notify; }
        @Override public boolean acknowledged() { return acknowledged; }
        @Override public boolean allowed() { return allowed; }
    }

    @ParameterizedTest(name = "{0} {1} nav={2} asset={3} html={4} notify={5} ack={6} allowed={7} -> {8}, lookup={9}")
    @CsvSource(delimiter = '|', textBlock = """
            # mode        | method | nav   | asset | html  | notify | ack   | allowed | action       | lookup
            banner        | GET    | true  | false | true  | true   | false | false   | BANNER       | true
            banner        | GET    | true  | false | false | true   | false | false   | BANNER       | true
            banner        | GET    | true  | false | true  | true   | true  | false   | PASS         | true
            banner        | GET    | true  | false | true  | false  | false | false   | PASS         | true
            banner        | POST   | true  | false | true  | true   | false | false   | PASS         | false
            banner        | HEAD   | true  | false | true  | true   | false | false   | PASS         | false
            banner        | GET    | false | false | true  | true   | false | false   | PASS         | false
            banner        | GET    | true  | true  | true  | true   | false | false   | PASS         | false
            banner        | GET    | true  | false | true  | true   | false | true    | BANNER       | true
            interstitial  | GET    | true  | false | true  | true   | false | false   | INTERSTITIAL | true
            interstitial  | GET    | true  | false | true  | true   | true  | false   | PASS         | true
            interstitial  | GET    | true  | false | true  | false  | false | false   | PASS         | true
            interstitial  | GET    | true  | false | false | true   | false | false   | PASS         | false
            interstitial  | POST   | true  | false | true  | true   | false | false   | PASS         | false
            interstitial  | GET    | false | false | true  | true   | false | false   | PASS         | false
            interstitial  | GET    | true  | true  | true  | true   | false | false   | PASS         | false
            block         | GET    | true  | false | true  | true   | false | false   | BLOCK        | true
            block         | POST   | false | true  | false | true   | false | false   | BLOCK        | true
            block         | GET    | true  | false | true  | true   | true  | false   | BLOCK        | true
            block         | GET    | true  | false | true  | true   | false | true    | PASS         | true
            block         | GET    | true  | false | true  | false  | false | false   | PASS         | true
            observe       | GET    | true  | false | true  | true   | false | false   | OBSERVE      | false
            observe       | POST   | false | false | false | false  | false | false   | OBSERVE      | false
            observe       | GET    | true  | true  | true  | true   | false | false   | PASS         | false
            """)
    void decides(String mode, String method, boolean navigation, boolean asset, boolean acceptsHtml, boolean notify,
                 boolean acknowledged, boolean allowed, Action expected, boolean lookedUp) {
        Facts visit = new Facts(method, navigation, asset, acceptsHtml, notify, acknowledged, allowed);

        Action action = Action.decide(Mode.of(mode), visit);

        assertThat(action).as("action").isEqualTo(expected);
        assertThat(visit.lookups).as("verdict lookups").isEqualTo(lookedUp ? 1 : 0);
    }
}
