package io.tocsin.servlet;

/** The filter contract on Jetty 12.1 (ee11). */
class JettyFilterIT extends FilterContractTests {
    JettyFilterIT() {
        super(Container.Kind.JETTY);
    }
}
