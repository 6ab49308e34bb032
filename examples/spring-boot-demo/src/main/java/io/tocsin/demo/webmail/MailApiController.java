package io.tocsin.demo.webmail;

import io.tocsin.core.Verdict;
import io.tocsin.servlet.TocsinFilter;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The JSON API a mail client would use. Tocsin never changes JSON responses; an API that wants to
 * warn its client can pass the verdict on, as {@code /api/session} does.
 */
@RestController
@RequestMapping(path = "/api", produces = "application/json")
public class MailApiController {

    private final Mailbox mailbox;

    public MailApiController(Mailbox mailbox) {
        this.mailbox = mailbox;
    }

    @GetMapping("/messages")
    List<Message> messages() {
        return mailbox.messages();
    }

    @GetMapping("/session")
    Map<String, Object> session(Principal user, HttpServletRequest request) {
        boolean warn = request.getAttribute(TocsinFilter.VERDICT_ATTRIBUTE) instanceof Verdict verdict && verdict.shouldNotify();
        return Map.of("user", user.getName(), "infectedWarning", warn);
    }
}
