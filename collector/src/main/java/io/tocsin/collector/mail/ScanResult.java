package io.tocsin.collector.mail;

import java.util.Objects;

/**
 * A scanner's verdict on one message.
 *
 * @param verdict the verdict
 * @param threat the threat's name, or {@code null}
 * @param scanner what said so: a header's name ({@code X-Virus-Status}) or {@code clamd}; {@code null} when nothing did
 * @param error why the scan failed (clamd down or slow), or {@code null}
 */
record ScanResult(MailVerdict verdict, String threat, String scanner, String error) {

    static final ScanResult UNKNOWN = new ScanResult(MailVerdict.UNKNOWN, null, null, null);

    ScanResult {
        Objects.requireNonNull(verdict, "verdict");
    }

    static ScanResult failed(String scanner, String error) {
        return new ScanResult(MailVerdict.UNKNOWN, null, scanner, error);
    }
}
