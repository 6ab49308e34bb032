package io.tocsin.demo.webmail;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** The same few messages for every user: the demo is about the notice, not about mail. */
@Component
public class Mailbox {

    private final List<Message> messages;

    public Mailbox() {
        LocalDateTime now = LocalDateTime.now().withSecond(0).withNano(0);
        this.messages = List.of(
                new Message(3, "security@example.net", "Your computer may be infected",
                        "If a notice about infection appeared while you used this site, please read it: "
                                + "the address you connect from is listed as sending spam or botnet traffic.",
                        now.minusMinutes(12)),
                new Message(2, "alice@example.org", "Lunch on Friday?",
                        "The usual place at noon?", now.minusHours(3)),
                new Message(1, "newsletter@example.com", "Welcome to Example Mail",
                        "Thanks for signing up.", now.minusDays(2)));
    }

    public List<Message> messages() {
        return messages;
    }

    public Optional<Message> message(int id) {
        return messages.stream().filter(m -> m.id() == id).findFirst();
    }
}
