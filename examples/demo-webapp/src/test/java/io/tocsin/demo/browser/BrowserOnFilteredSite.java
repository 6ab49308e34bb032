package io.tocsin.demo.browser;

import jakarta.servlet.http.HttpServlet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * One headless Chromium and one {@link FilteredSite} for a whole test class, serving that class's
 * pages; cookies (the ack above all) and console messages are forgotten after each test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BrowserOnFilteredSite {

    private FilteredSite site;
    Browser browser;
    String base;

    /** The servlet that serves the class's pages. */
    abstract HttpServlet pages();

    @BeforeAll
    void start() throws Exception {
        site = FilteredSite.start(pages());
        base = site.base;
        browser = Browser.start(true);
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            site.close();
        }
    }

    @AfterEach
    void forget() {
        browser.forget();
        browser.consoleErrors();
    }
}
