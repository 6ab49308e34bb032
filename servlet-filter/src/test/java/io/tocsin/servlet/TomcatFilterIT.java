package io.tocsin.servlet;

/** The filter contract on Tomcat 11. */
class TomcatFilterIT extends FilterContractTests {
    TomcatFilterIT() {
        super(Container.Kind.TOMCAT);
    }
}
