package io.tocsin.collector.mail;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/** Writes a message of about {@code megabytes} MB (a base64 attachment of filler) without holding it in memory. */
final class BigMessages {

    private BigMessages() {
    }

    static void write(Path file, String header, byte[] smallAttachment, int megabytes, boolean asMbox) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.ISO_8859_1)) {
            if (asMbox) {
                w.write("From x@example.com Tue Dec  1 10:00:00 2026\n");
            }
            w.write(header);
            w.write("From: x@example.com\r\nSubject: big\r\nMessage-ID: <big@pc17>\r\nMIME-Version: 1.0\r\n"
                    + "Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n");
            w.write("--b1\r\nContent-Type: application/octet-stream; name=\"a.pif\"\r\nContent-Transfer-Encoding: base64\r\n\r\n");
            w.write(Base64.getMimeEncoder().encodeToString(smallAttachment));
            w.write("\r\n--b1\r\nContent-Type: application/octet-stream; name=\"filler.bin\"\r\nContent-Transfer-Encoding: base64\r\n\r\n");
            String line = Base64.getEncoder().encodeToString(new byte[57]).replace('A', 'Q') + "\r\n"; // 78 bytes a line
            long lines = megabytes * 1024L * 1024L / line.length();
            for (long i = 0; i < lines; i++) {
                w.write(line);
            }
            w.write("--b1--\r\n");
            if (asMbox) {
                w.write("\nFrom y@example.com Tue Dec  1 10:00:01 2026\n" + header + "Subject: second\r\n\r\nsmall\r\n");
            }
        }
    }
}
