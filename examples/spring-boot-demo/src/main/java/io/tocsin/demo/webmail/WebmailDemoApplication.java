package io.tocsin.demo.webmail;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small webmail-like application protected by Tocsin: the starter on the class path and a few
 * {@code tocsin.*} lines in {@code application.properties} are all it takes.
 */
@SpringBootApplication
public class WebmailDemoApplication {

    public static void main(String[] args) {
        SpringApplication.run(WebmailDemoApplication.class, args);
    }
}
