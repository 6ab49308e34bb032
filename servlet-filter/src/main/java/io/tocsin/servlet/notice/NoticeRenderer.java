package io.tocsin.servlet.notice;

import io.tocsin.core.Category;
import io.tocsin.core.Listing;
import io.tocsin.core.Verdict;
import io.tocsin.servlet.html.Html;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Renders the banner, the notice page and the stylesheet from the templates ({@code banner.html},
 * {@code notice.html}, {@code listing.html}, {@code continue.html}, {@code tocsin.css}) and the
 * {@link Messages}. Every value from a list or a request is HTML-escaped by the templates; message
 * text is escaped too, so translators cannot break the markup. Thread-safe.
 *
 * <p>Placeholders available to every template: {@code lang}, {@code css} (the stylesheet's URL),
 * {@code notice} (the notice page's URL), {@code ack} (the acknowledgement URL), {@code return}
 * (where to go back to), {@code ip}, {@code site}, and every message key with its dots, e.g.
 * {@code {{banner.text}}}. The notice page also gets {@code {{{findings}}}} (the listings, rendered
 * with {@code listing.html}), {@code {{{status}}}} (one paragraph on the verdict) and
 * {@code {{{actions}}}} (the continue button from {@code continue.html}, absent on a block page) and
 * {@code {{{site-note}}}} (a paragraph naming the site, when {@code tocsin.site-name} is set).
 */
public final class NoticeRenderer {

    /** Longest reason text shown; lists are untrusted and some answers are long. */
    static final int MAX_REASON = 300;

    private final Messages messages;
    private final Template banner;
    private final Template notice;
    private final Template listing;
    private final Template continueForm;
    private final String css;
    private final String siteName;
    private final ConcurrentHashMap<Locale, Map<String, String>> texts = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Locale, String[]> bannerParts = new ConcurrentHashMap<>();

    /**
     * @param templates the operator's folder or {@code classpath:} prefix, or {@code null} for the built-in templates
     * @param siteName shown on the notice page, or {@code null}
     * @throws java.io.UncheckedIOException if an operator template cannot be read
     */
    public NoticeRenderer(String templates, String siteName) {
        Templates t = new Templates(templates);
        this.messages = new Messages();
        this.banner = Template.parse(t.read("banner.html").strip());
        this.notice = Template.parse(t.read("notice.html"));
        this.listing = Template.parse(t.read("listing.html"));
        this.continueForm = Template.parse(t.read("continue.html"));
        this.css = t.read("tocsin.css");
        this.siteName = siteName;
    }

    public Messages messages() {
        return messages;
    }

    /** The stylesheet served at {@code {path}/tocsin.css}. */
    public String css() {
        return css;
    }

    /**
     * The banner for one response: ASCII only (non-ASCII text as character references), so its bytes
     * are the same in every ASCII-compatible encoding of the page.
     */
    public String banner(Locale language, Links links) {
        String[] parts = bannerParts.computeIfAbsent(language, this::splitBanner);
        StringBuilder sb = new StringBuilder(parts.length * 64);
        for (int i = 0; i < parts.length; i++) {
            if (i % 2 == 0) {
                sb.append(parts[i]);
            } else {
                sb.append(Html.asciiOnly(Html.escape(slot(parts[i], links))));
            }
        }
        return sb.toString();
    }

    /**
     * The banner of one language rendered once, cut around the values that change per request (the
     * links): literal parts at even indexes, the names of the links between them. The banner is on
     * every listed visitor's page, so this keeps it to a few appends.
     */
    private String[] splitBanner(Locale language) {
        String[] names = {"css", "notice", "ack", "return"};
        Links marks = new Links(mark(0), mark(1), mark(2), mark(3));
        String rendered = banner.render(values(language, marks, null));
        java.util.List<String> parts = new java.util.ArrayList<>();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < rendered.length(); i++) {
            char c = rendered.charAt(i);
            if (c >= MARK && c < MARK + names.length) {
                parts.add(Html.asciiOnly(literal.toString()));
                parts.add(names[c - MARK]);
                literal.setLength(0);
            } else {
                literal.append(c);
            }
        }
        parts.add(Html.asciiOnly(literal.toString()));
        return parts.toArray(String[]::new);
    }

    /** Private-use characters stand in for the links while the banner is pre-rendered. */
    private static final char MARK = '\uE000';

    private static String mark(int n) {
        return String.valueOf((char) (MARK + n));
    }

    private static String slot(String name, Links links) {
        switch (name) {
            case "css": return links.css();
            case "notice": return links.notice();
            case "ack": return links.ack();
            default: return links.returnPath();
        }
    }

    /**
     * The notice page.
     *
     * @param blocked whether this is a block page (no continue button: acknowledging does not lift a block)
     */
    public String notice(Locale language, Links links, Verdict verdict, boolean blocked) {
        Map<String, String> values = values(language, links, verdict);
        StringBuilder findings = new StringBuilder();
        for (Listing l : verdict.listings()) {
            Map<String, String> row = new HashMap<>(values);
            row.put("source", l.source());
            row.put("categories", categories(language, l));
            row.put("codes", String.join(", ", l.codes()));
            row.put("reason", reason(l.reason()));
            findings.append(listing.render(row));
        }
        values.put("findings", findings.toString());
        String statusKey = verdict.shouldNotify() ? (blocked ? "notice.blocked" : "notice.listed")
                : !verdict.complete() ? "notice.unknown" : "notice.clean";
        values.put("status", "<p class=\"tocsin-status\">" + Html.escape(text(language, statusKey, values)) + "</p>");
        values.put("actions", blocked ? "" : continueForm.render(values));
        String siteNote = values.get("notice.site");
        values.put("site-note", siteNote.isEmpty() ? "" : "<p class=\"tocsin-site\">" + Html.escape(siteNote) + "</p>");
        return notice.render(values);
    }

    private Map<String, String> values(Locale language, Links links, Verdict verdict) {
        String ip = verdict == null ? "" : verdict.ip().toString();
        Map<String, String> values = new HashMap<>(64);
        for (Map.Entry<String, String> e : texts(language).entrySet()) {
            String text = e.getValue();
            values.put(e.getKey(), text.indexOf("{ip}") >= 0 ? text.replace("{ip}", ip) : text);
        }
        values.put("lang", language.toLanguageTag());
        values.put("css", links.css());
        values.put("notice", links.notice());
        values.put("ack", links.ack());
        values.put("return", links.returnPath());
        values.put("ip", ip);
        values.put("site", siteName == null ? "" : siteName);
        return values;
    }

    /** The message texts of one language, {@code {site}} filled in, {@code {ip}} not yet; made once per language. */
    private Map<String, String> texts(Locale language) {
        return texts.computeIfAbsent(language, l -> {
            Map<String, String> t = new HashMap<>();
            String site = siteName == null ? "" : siteName;
            for (String key : MESSAGE_KEYS) {
                t.put(key, messages.get(l, key).replace("{site}", site));
            }
            t.put("notice.site", siteName == null ? "" : messages.get(l, "notice.site").replace("{site}", site));
            return Map.copyOf(t);
        });
    }

    /** A message with {@code {ip}} and {@code {site}} filled in (still unescaped text). */
    private String text(Locale language, String key, Map<String, String> values) {
        String m = messages.get(language, key);
        return m.replace("{ip}", values.getOrDefault("ip", "")).replace("{site}", values.getOrDefault("site", ""));
    }

    private String categories(Locale language, Listing listing) {
        StringBuilder sb = new StringBuilder();
        for (Category c : listing.categories()) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(messages.get(language, "category." + c.id()));
        }
        return sb.toString();
    }

    private static String reason(String reason) {
        if (reason == null) {
            return "";
        }
        String r = BIDI_CONTROLS.matcher(reason).replaceAll("").strip();
        return r.length() > MAX_REASON ? r.substring(0, MAX_REASON) + "\u2026" : r;
    }

    /**
     * Bidirectional formatting characters (embeddings, overrides, isolates, marks): in a list's text
     * they can make the notice read differently from what it says (e.g. a reversed domain name), and
     * no honest reason needs them.
     */
    private static final java.util.regex.Pattern BIDI_CONTROLS =
            java.util.regex.Pattern.compile("[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]");

    private static final String[] MESSAGE_KEYS = {
        "banner.text", "banner.more", "banner.dismiss",
        "notice.title", "notice.heading", "notice.intro", "notice.found", "notice.list", "notice.category",
        "notice.reason", "notice.todo", "notice.step1", "notice.step2", "notice.step3", "notice.step4",
        "notice.step5", "notice.continue", "notice.footer",
    };

    /**
     * The URLs a rendering needs, all already within the web application (context path included).
     *
     * @param css the stylesheet
     * @param notice the notice page, with its return parameter
     * @param ack the acknowledgement endpoint
     * @param returnPath where the visitor goes back to after acknowledging
     */
    public record Links(String css, String notice, String ack, String returnPath) {
    }
}
