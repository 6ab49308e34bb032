package io.tocsin.collector.mail;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Test messages, written the way MTAs leave them in a mailbox. */
final class Messages {

    static final String MX = "Received: from pc17 (dsl-66.example.net [192.0.2.66])\r\n"
            + "\tby mx1.example.org (Postfix) with ESMTP id 4F1A2B3C4D\r\n"
            + "\tfor <bob@example.org>; Tue,  1 Dec 2026 10:00:00 +0000 (UTC)\r\n";

    private Messages() {
    }

    /** A message with {@code header} lines (CRLF-terminated) on top of a plain Subject/From/body. */
    static String message(String header, String messageId) {
        return header
                + "From: \"Sober\" <x@example.com>\r\n"
                + "To: bob@example.org\r\n"
                + "Subject: Your password\r\n"
                + (messageId == null ? "" : "Message-ID: " + messageId + "\r\n")
                + "\r\n"
                + "Hello\r\n";
    }

    /** A multipart message with {@code attachment} as a base64 part. */
    static String withAttachment(String header, String messageId, byte[] attachment) {
        return header
                + "From: x@example.com\r\n"
                + "To: bob@example.org\r\n"
                + "Subject: document\r\n"
                + "Message-ID: " + messageId + "\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"b1\"\r\n"
                + "\r\n"
                + "--b1\r\n"
                + "Content-Type: text/plain\r\n\r\n"
                + "see attachment\r\n"
                + "--b1\r\n"
                + "Content-Type: application/octet-stream; name=\"doc.pif\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n"
                + "Content-Disposition: attachment; filename=\"doc.pif\"\r\n\r\n"
                + Base64.getMimeEncoder().encodeToString(attachment) + "\r\n"
                + "--b1--\r\n";
    }

    static InputStream stream(String message) {
        return new ByteArrayInputStream(message.getBytes(StandardCharsets.ISO_8859_1));
    }
}
