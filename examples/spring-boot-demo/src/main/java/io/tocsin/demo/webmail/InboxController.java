package io.tocsin.demo.webmail;

import java.security.Principal;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.server.ResponseStatusException;

/** The inbox and single messages, for signed-in users. */
@Controller
public class InboxController {

    private final Mailbox mailbox;

    public InboxController(Mailbox mailbox) {
        this.mailbox = mailbox;
    }

    @GetMapping("/")
    String home() {
        return "redirect:/inbox";
    }

    @GetMapping("/inbox")
    String inbox(Principal user, Model model) {
        model.addAttribute("user", user.getName());
        model.addAttribute("messages", mailbox.messages());
        return "inbox";
    }

    @GetMapping("/messages/{id}")
    String message(@PathVariable int id, Principal user, Model model) {
        model.addAttribute("user", user.getName());
        model.addAttribute("message", mailbox.message(id)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND)));
        return "message";
    }
}
