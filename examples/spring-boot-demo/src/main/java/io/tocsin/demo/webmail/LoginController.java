package io.tocsin.demo.webmail;

import io.tocsin.core.Listing;
import io.tocsin.core.Verdict;
import io.tocsin.servlet.TocsinFilter;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The login page. It reads the visitor's verdict that the Tocsin filter left as a request attribute
 * ({@code io.tocsin.Verdict}) — the "observe" style, which works in every mode — and, for a listed
 * visitor, explains in the webmail's own words why signing in from this computer is a risk.
 */
@Controller
public class LoginController {

    @GetMapping("/login")
    String login(HttpServletRequest request, Model model) {
        if (request.getAttribute(TocsinFilter.VERDICT_ATTRIBUTE) instanceof Verdict verdict && verdict.shouldNotify()) {
            List<String> lists = verdict.listings().stream().map(Listing::source).distinct().toList();
            model.addAttribute("infectedWarning", true);
            model.addAttribute("lists", String.join(", ", lists));
        }
        return "login";
    }
}
