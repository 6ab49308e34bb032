package io.tocsin.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.catalina.util.ServerInfo;
import org.junit.jupiter.api.Test;

/** The filter contract on Tomcat 10.1 (Servlet 6.0), through the same embedding as Tomcat 11. */
class Tomcat101FilterIT extends FilterContractTests {
    Tomcat101FilterIT() {
        super(TomcatContainer::start);
    }

    @Test
    void runsOnTomcat101() {
        assertThat(ServerInfo.getServerNumber()).as("the Tomcat on this module's class path").startsWith("10.1.");
    }
}
