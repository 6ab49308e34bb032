package io.tocsin.servlet;

import io.tocsin.core.Checker;

/**
 * The whole filter contract again, with every source's weight and the notify threshold set
 * explicitly to their defaults: the defaults of weighted combination keep the behaviour exactly.
 */
class ExplicitDefaultWeightsIT extends FilterContractTests {
    ExplicitDefaultWeightsIT() {
        super(Container.Kind.JETTY);
    }

    @Override
    Checker checker() {
        return TestSources.checkerWithExplicitDefaultWeights();
    }
}
