package io.tocsin.demo.webmail;

import java.time.LocalDateTime;

/** One message in the pretend mailbox. */
public record Message(int id, String from, String subject, String body, LocalDateTime received) {
}
