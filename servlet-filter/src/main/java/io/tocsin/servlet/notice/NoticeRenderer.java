package io.tocsin.servlet.notice;

import io.tocsin.core.Category;
import io.tocsin.core.Listing;
import io.tocsin.core.Verdict;
import io.tocsin.core.ip.IpAddress;
import io.tocsin.servlet.Branding;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.BiFunction;

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
 * {@code {{{site-note}}}} (a paragraph naming the site, when {@code tocsin.site-name} is set),
 * {@code {{{brand}}}} (logo and site name), {@code {{{support}}}} (the operator's contact and links);
 * each listing row gets {@code {{{lookup}}}} (a link to the list operator's lookup page, when known).
 * {@code {{dir}}} is {@code ltr} or {@code rtl} and {@code {{{dir-attr}}}} is {@code  dir="rtl"} for
 * right-to-left languages, empty otherwise (so {@code <html lang="en">} stays as it was).
 *
 * <p>The built-in banner holds its content twice: in a declarative shadow root
 * ({@code <template shadowrootmode="open">}), which isolates it from the page's CSS without any
 * script, and after it, for browsers without declarative shadow DOM, styled by rules scoped to
 * {@code #tocsin-banner > .tocsin-banner-bar}. See {@code docs/VISITOR.md}.
 */
public final class NoticeRenderer {


    private final Messages messages;
    private final Template banner;
    private final Template notice;
    private final Template listing;
    private final Template continueForm;
    private final String css;
    private final String script;
    private final String siteName;
    private final Branding branding;
    private final BiFunction<String, IpAddress, Optional<String>> lookupPages;
    private final ConcurrentHashMap<Locale, Map<String, String>> texts = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Locale, BannerParts[]> bannerParts = new ConcurrentHashMap<>();

    /**
     * @param templates the operator's folder or {@code classpath:} prefix, or {@code null} for the built-in templates
     * @param siteName shown on the notice page, or {@code null}
     * @throws java.io.UncheckedIOException if an operator template cannot be read
     */
    public NoticeRenderer(String templates, String siteName) {
        this(templates, siteName, Branding.NONE);
    }

    /**
     * @param templates the operator's folder or {@code classpath:} prefix, or {@code null} for the built-in templates
     * @param siteName shown on the notice page, or {@code null}
     * @param branding the operator's support contact, links, logo and colour, and the lists' lookup pages
     * @throws java.io.UncheckedIOException if an operator template cannot be read
     */
    public NoticeRenderer(String templates, String siteName, Branding branding) {
        this(templates, siteName, branding, (source, ip) -> Optional.empty());
    }

    /**
     * @param templates the operator's folder or {@code classpath:} prefix, or {@code null} for the built-in templates
     * @param siteName shown on the notice page, or {@code null}
     * @param branding the operator's support contact, links, logo and colour
     * @param lookupPages per source name and address, the list operator's page where a visitor can look
     *     the address up ({@link io.tocsin.core.Source#lookupUrl}); a page in {@link Branding#lookupLinks()} comes first
     * @throws java.io.UncheckedIOException if an operator template cannot be read
     */
    public NoticeRenderer(String templates, String siteName, Branding branding,
                          BiFunction<String, IpAddress, Optional<String>> lookupPages) {
        this.lookupPages = java.util.Objects.requireNonNull(lookupPages, "lookupPages");
        this.branding = java.util.Objects.requireNonNull(branding, "branding");
        Templates t = new Templates(templates);
        this.messages = new Messages();
        this.banner = Template.parse(t.read("banner.html").strip());
        this.notice = Template.parse(t.read("notice.html"));
        this.listing = Template.parse(t.read("listing.html"));
        this.continueForm = Template.parse(t.read("continue.html"));
        this.script = t.read("tocsin.js");
        this.css = Template.parse(t.read("tocsin.css")).render(Map.of("brand.color", branding.accent(),
                "brand.on-color", branding.onAccent()));
        this.siteName = siteName;
    }

    /** The shipped language that best fits an {@code Accept-Language} header; the fallback language if none does. */
    public Locale language(String acceptLanguage) {
        return messages.choose(acceptLanguage);
    }

    /** The banner's script served at {@code {path}/tocsin.js}. */
    public String script() {
        return script;
    }

    /** The stylesheet served at {@code {path}/tocsin.css}. */
    public String css() {
        return css;
    }

    /**
     * The banner for one response, with its script: ASCII only (non-ASCII text as character
     * references), so its bytes are the same in every ASCII-compatible encoding of the page.
     */
    public String banner(Locale language, Links links) {
        return banner(language, links, true);
    }

    /**
     * The banner for one response.
     *
     * @param script whether to include the {@code <script>} element that loads {@code {path}/tocsin.js}
     *     (false where the page's Content-Security-Policy would refuse it: the banner then works without)
     */
    public String banner(Locale language, Links links, boolean script) {
        return new String(bannerBytes(language, links, script), StandardCharsets.US_ASCII);
    }

    /**
     * The banner for one response as the bytes that go into the page: the same in every
     * ASCII-compatible charset, since the banner is ASCII only. The literal parts of each language's
     * banner are encoded once (per language, with and without the script; the branding belongs to this
     * renderer); the banners last made for a few pages are kept whole, so a listed visitor who reloads
     * a page, or the many visitors behind one listed address (a carrier's NAT), get the same array
     * again and nothing is rendered or allocated. Otherwise only the links are escaped, into one array
     * of exactly the banner's length. The caller must not change the array.
     *
     * @param script whether to include the {@code <script>} element that loads {@code {path}/tocsin.js}
     */
    public byte[] bannerBytes(Locale language, Links links, boolean script) {
        int slot = recentSlot(language, links, script);
        RecentBanner recent = recentBanners.getAcquire(slot);
        if (recent != null && recent.script == script && recent.language.equals(language) && sameLinks(recent.links, links)) {
            return recent.bytes;
        }
        byte[] bytes = renderBanner(language, links, script);
        recentBanners.setRelease(slot, new RecentBanner(language, links, script, bytes));
        return bytes;
    }

    private byte[] renderBanner(Locale language, Links links, boolean script) {
        BannerParts parts = bannerParts.computeIfAbsent(language, this::splitBanner)[script ? 0 : 1];
        byte[][] literals = parts.literals;
        int[] slots = parts.slots;
        byte[][] values = new byte[slots.length][];
        int length = parts.literalLength;
        for (int i = 0; i < slots.length; i++) {
            byte[] value = Html.asciiOnly(Html.escape(slot(slots[i], links))).getBytes(StandardCharsets.US_ASCII);
            values[i] = value;
            length += value.length;
        }
        byte[] bytes = new byte[length];
        int at = 0;
        for (int i = 0; i < literals.length; i++) {
            byte[] literal = literals[i];
            System.arraycopy(literal, 0, bytes, at, literal.length);
            at += literal.length;
            if (i < values.length) {
                System.arraycopy(values[i], 0, bytes, at, values[i].length);
                at += values[i].length;
            }
        }
        return bytes;
    }

    /** How many rendered banners are kept whole (a few pages' worth, about 2 KB each). */
    private static final int RECENT_BANNERS = 64;

    /**
     * The banners last rendered, each in the slot of its language, links and script: a newer one
     * replaces whatever its slot held. Each is immutable, so a reader sees a whole one or none.
     */
    private final AtomicReferenceArray<RecentBanner> recentBanners = new AtomicReferenceArray<>(RECENT_BANNERS);

    private record RecentBanner(Locale language, Links links, boolean script, byte[] bytes) {
    }

    /*
     * The links compared and hashed field by field rather than with the record's own equals and
     * hashCode: those are bound at their first call by java.lang.runtime.ObjectMethods, whose method
     * handles outlived a reloaded webapp's class loader (ReloadLeakIT).
     */
    private static boolean sameLinks(Links a, Links b) {
        return java.util.Objects.equals(a.css(), b.css()) && java.util.Objects.equals(a.notice(), b.notice())
                && java.util.Objects.equals(a.ack(), b.ack()) && java.util.Objects.equals(a.returnPath(), b.returnPath());
    }

    private static int linksHash(Links links) {
        int h = java.util.Objects.hashCode(links.css());
        h = h * 31 + java.util.Objects.hashCode(links.notice());
        h = h * 31 + java.util.Objects.hashCode(links.ack());
        return h * 31 + java.util.Objects.hashCode(links.returnPath());
    }

    private static int recentSlot(Locale language, Links links, boolean script) {
        int h = (language.hashCode() * 31 + linksHash(links)) * 2 + (script ? 1 : 0);
        h ^= h >>> 16;
        h *= 0x45D9F3B;
        h ^= h >>> 16;
        return h & (RECENT_BANNERS - 1);
    }

    /**
     * One language's banner, cut around the values that change per request (the links): its literal
     * parts, already ASCII bytes, and between each two of them the slot whose link goes there.
     */
    private static final class BannerParts {
        final byte[][] literals;
        final int[] slots;
        final int literalLength;

        BannerParts(String[] split) {
            literals = new byte[(split.length + 1) / 2][];
            slots = new int[split.length / 2];
            int length = 0;
            for (int i = 0; i < split.length; i++) {
                if (i % 2 == 0) {
                    literals[i / 2] = split[i].getBytes(StandardCharsets.US_ASCII);
                    length += literals[i / 2].length;
                } else {
                    slots[i / 2] = SLOT_NAMES.indexOf(split[i]);
                }
            }
            literalLength = length;
        }
    }

    private static final List<String> SLOT_NAMES = List.of("css", "notice", "ack", "return", "script");

    /**
     * The banner of one language rendered once, with and without its script element, cut around the
     * values that change per request (the links). The banner is on every listed visitor's page, so
     * this keeps it to a few array copies.
     */
    private BannerParts[] splitBanner(Locale language) {
        String[] names = SLOT_NAMES.toArray(String[]::new);
        Links marks = new Links(mark(0), mark(1), mark(2), mark(3));
        Map<String, String> values = values(language, marks, null);
        values.put("script", mark(4));
        String rendered = banner.render(values);
        String withoutScript = rendered.replaceAll("<script\\b[^>]*" + mark(4) + "[^>]*></script>", "");
        return new BannerParts[] {new BannerParts(split(rendered, names)), new BannerParts(split(withoutScript, names))};
    }

    private static String[] split(String rendered, String[] names) {
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

    private static String slot(int slot, Links links) {
        switch (slot) {
            case 0: return links.css();
            case 1: return links.notice();
            case 2: return links.ack();
            case 4: return links.script();
            default: return links.returnPath();
        }
    }

    /**
     * The notice page.
     *
     * @param blocked whether this is a block page (no continue button: acknowledging does not lift a block)
     */
    public String notice(Locale language, Links links, Verdict verdict, boolean blocked) {
        return notice(language, links, verdict, blocked, null);
    }

    /**
     * The notice page, naming the site.
     *
     * @param blocked whether this is a block page (no continue button: acknowledging does not lift a block)
     * @param host the host the visitor asked for (the request's server name): the site's name on the
     *     page when {@code tocsin.site-name} is unset, so the visitor knows which site speaks; ignored
     *     unless it looks like a host name or address
     */
    public String notice(Locale language, Links links, Verdict verdict, boolean blocked, String host) {
        Map<String, String> values = values(language, links, verdict);
        String site = siteName != null ? siteName : hostName(host);
        values.put("site", site == null ? "" : site);
        StringBuilder findings = new StringBuilder();
        boolean weighed = weighed(verdict);
        boolean anyLookup = false;
        List<Listing> listings = verdict.listings();
        for (int i = 0; i < listings.size(); i++) {
            Listing l = listings.get(i);
            Map<String, String> row = new HashMap<>(values);
            row.put("source", l.source());
            row.put("categories", categories(language, l));
            row.put("codes", String.join(", ", l.codes()));
            String reason = reason(l.reason());
            row.put("reason", reason.isEmpty() ? messages.get(language, "notice.noreason") : reason);
            String lookup = lookup(language, l, verdict.ip(), values);
            anyLookup |= !lookup.isEmpty();
            row.put("lookup", lookup);
            row.put("counted", weighed ? counted(language, l, verdict.counted(i)) : "");
            findings.append(listing.render(row));
        }
        values.put("findings", findings.toString());
        values.put("counted-head", weighed
                ? "<th scope=\"col\">" + Html.escape(messages.get(language, "notice.counted")) + "</th>" : "");
        if (!anyLookup) {
            values.put("notice.step5", messages.get(language, "notice.step5.nolinks")); // no "see below" to nothing
        }
        String statusKey = verdict.shouldNotify() ? (blocked ? "notice.blocked" : "notice.listed")
                : !verdict.decided() ? "notice.unknown" : "notice.clean";
        values.put("status", "<p class=\"tocsin-status\">" + Html.escape(text(language, statusKey, values)) + "</p>");
        values.put("actions", blocked ? "" : continueForm.render(values));
        String siteNote = site == null ? "" : messages.get(language, "notice.site").replace("{site}", site);
        values.put("notice.site", siteNote);
        values.put("site-note", siteNote.isEmpty() ? "" : "<p class=\"tocsin-site\">" + Html.escape(siteNote) + "</p>");
        values.put("brand", brand(site));
        values.put("support", support(language, site));
        return notice.render(values);
    }

    /** {@code host} if it is a plausible host name or address literal, lower case; else null. */
    static String hostName(String host) {
        if (host == null || host.isEmpty() || host.length() > 253 || !host.matches("[A-Za-z0-9.:\\[\\]-]+")) {
            return null;
        }
        return host.toLowerCase(Locale.ROOT);
    }

    private Map<String, String> values(Locale language, Links links, Verdict verdict) {
        String ip = verdict == null ? "" : verdict.ip().toString();
        Map<String, String> values = new HashMap<>(64);
        for (Map.Entry<String, String> e : texts(language).entrySet()) {
            String text = e.getValue();
            values.put(e.getKey(), text.indexOf("{ip}") >= 0 ? text.replace("{ip}", ip) : text);
        }
        values.put("lang", language.toLanguageTag());
        boolean rtl = isRightToLeft(language);
        values.put("dir", rtl ? "rtl" : "ltr");
        values.put("dir-attr", rtl ? " dir=\"rtl\"" : "");
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

    /** Whether {@code language} is written right to left. */
    static boolean isRightToLeft(Locale language) {
        switch (language.getLanguage()) {
            case "ar": case "he": case "iw": case "fa": case "ur": case "yi": case "ps": case "dv": case "ku": case "sd": case "ug":
                return true;
            default:
                return false;
        }
    }

    /** A link to the list operator's own page for this address, when one is known. */
    private String lookup(Locale language, Listing listing, IpAddress ip, Map<String, String> values) {
        String url = branding.lookupLinks().get(listing.source());
        String href = url != null ? url.replace("{ip}", values.get("ip")) : lookupPage(listing.source(), ip);
        if (href == null) {
            return "";
        }
        return "<a class=\"tocsin-lookup\" href=\"" + Html.escape(href) + "\" rel=\"noopener noreferrer\">"
                + Html.escape(text(language, "notice.lookup", values)) + "</a>";
    }

    /** The source's own lookup page for {@code ip}, if it names an {@code https:} one; a faulty source shows none. */
    private String lookupPage(String source, IpAddress ip) {
        try {
            String url = lookupPages.apply(source, ip).orElse(null);
            if (url == null || !url.regionMatches(true, 0, "https://", 0, 8)) {
                return null;
            }
            return new Branding.Link(source, url).url(); // checked as the operator's own links are
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The site's logo and name atop the notice page. */
    private String brand(String siteName) {
        if (branding.logo() == null && siteName == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder("<header class=\"tocsin-brand\">");
        if (branding.logo() != null) {
            sb.append("<img src=\"").append(Html.escape(branding.logo())).append("\" alt=\"")
                    .append(Html.escape(siteName == null ? "" : siteName)).append("\">");
        }
        if (siteName != null) {
            sb.append("<span class=\"tocsin-brand-name\"").append(branding.logo() == null ? "" : " aria-hidden=\"true\"")
                    .append('>').append(Html.escape(siteName)).append("</span>");
        }
        return sb.append("</header>").toString();
    }

    /** "Need help?": the operator's contact and links, when configured. */
    private String support(Locale language, String siteName) {
        if (branding.supportContact() == null && branding.links().isEmpty()) {
            return "";
        }
        String site = siteName == null ? "" : siteName;
        StringBuilder sb = new StringBuilder("<section class=\"tocsin-support\"><h2>")
                .append(Html.escape(messages.get(language, "notice.support"))).append("</h2>");
        if (branding.supportContact() != null) {
            sb.append("<p>").append(Html.escape(messages.get(language, site.isEmpty() ? "notice.contact" : "notice.contact.site")
                    .replace("{site}", site))).append(' ');
            String href = branding.supportHref();
            if (href != null) {
                sb.append("<a href=\"").append(Html.escape(href)).append("\">").append(Html.escape(branding.supportContact().strip())).append("</a>");
            } else {
                sb.append(Html.escape(branding.supportContact().strip()));
            }
            sb.append("</p>");
        }
        if (!branding.links().isEmpty()) {
            sb.append("<ul>");
            for (Branding.Link link : branding.links()) {
                sb.append("<li><a href=\"").append(Html.escape(link.url())).append("\">").append(Html.escape(link.title())).append("</a></li>");
            }
            sb.append("</ul>");
        }
        return sb.append("</section>").toString();
    }

    /**
     * Whether the list table needs its column on weights: only when the decision was more than "some
     * list names the address", i.e. a list weighs other than 1 or did not count. Otherwise the column
     * would say "yes, weight 1" on every row and tell the visitor nothing.
     */
    private static boolean weighed(Verdict verdict) {
        List<Listing> listings = verdict.listings();
        for (int i = 0; i < listings.size(); i++) {
            if (listings.get(i).weight() != Listing.DEFAULT_WEIGHT || !verdict.counted(i)) {
                return true;
            }
        }
        return false;
    }

    /** The cell saying whether a list counted towards the notice, and with what weight. */
    private String counted(Locale language, Listing listing, boolean counted) {
        String key = !counted ? "notice.counted.no" : listing.weight() < 0 ? "notice.counted.against" : "notice.counted.yes";
        String weight = new BigDecimal(Double.toString(listing.weight())).stripTrailingZeros().toPlainString();
        String text = messages.get(language, key).replace("{weight}", weight);
        return "<td class=\"tocsin-counted\">" + Html.escape(text) + "</td>";
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
        // already cut to Listing.MAX_REASON_LENGTH by the Listing itself
        return BIDI_CONTROLS.matcher(reason).replaceAll("").strip();
    }

    /**
     * Bidirectional formatting characters (embeddings, overrides, isolates, marks): in a list's text
     * they can make the notice read differently from what it says (e.g. a reversed domain name), and
     * no honest reason needs them.
     */
    private static final java.util.regex.Pattern BIDI_CONTROLS =
            java.util.regex.Pattern.compile("[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]");

    private static final String[] MESSAGE_KEYS = {
        "banner.label", "banner.text", "banner.more", "banner.dismiss",
        "notice.title", "notice.heading", "notice.intro", "notice.found", "notice.list", "notice.category",
        "notice.reason", "notice.todo", "notice.step1", "notice.step2", "notice.step3", "notice.step4",
        "notice.step5", "notice.continue", "notice.footer", "notice.lookup.head", "notice.shared.heading",
        "notice.shared.text", "notice.continue.hint", "notice.address",
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

        /** The banner's script, next to the stylesheet: {@code {path}/tocsin.js}. */
        public String script() {
            return css.substring(0, css.lastIndexOf('/') + 1) + "tocsin.js";
        }
    }
}
