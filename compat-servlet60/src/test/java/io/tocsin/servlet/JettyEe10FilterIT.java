package io.tocsin.servlet;

/** The filter contract on Jetty 12 ee10 (Servlet 6.0). */
class JettyEe10FilterIT extends FilterContractTests {
    JettyEe10FilterIT() {
        super(JettyEe10Container::start);
    }
}
