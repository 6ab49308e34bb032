package io.tocsin.servlet;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What an operator adds to the notice page: a support contact, links, a logo, an accent colour, and
 * where each list lets a visitor look up (and ask to remove) an address. Every value is checked
 * here, at start, so the rendering never has to distrust it: links are {@code https:} URLs or
 * same-site paths, the logo is a same-site path (the notice page's CSP allows images only from the
 * site itself), the colour is {@code #rgb} or {@code #rrggbb}.
 *
 * @param supportContact an e-mail address, an {@code https:} URL, or plain text; {@code null} for none
 * @param logo a same-site path of the site's logo, shown at the top of the notice page; {@code null} for none
 * @param color the accent colour (top border, main button), e.g. {@code #0b5394}; {@code null} for the built-in blue
 * @param links extra links shown under "Need help?", in order
 * @param lookupLinks per source name, the list operator's page where a visitor can look up their address;
 *        {@code {ip}} in a URL is replaced by the visitor's address
 */
public record Branding(String supportContact, String logo, String color, List<Link> links, Map<String, String> lookupLinks) {

    /** No branding: the built-in look and no lookup links. */
    public static final Branding NONE = new Branding(null, null, null, List.of(), Map.of());

    /** The accent colour when none is configured: white text on it has a contrast ratio of 6.7:1. */
    static final String DEFAULT_COLOR = "#1d4ed8";

    private static final Pattern COLOR = Pattern.compile("#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})");
    private static final Pattern EMAIL = Pattern.compile("[^\\s@<>\"'()]+@[^\\s@<>\"'()]+\\.[A-Za-z]{2,}");

    public Branding {
        if (color != null && !COLOR.matcher(color).matches()) {
            throw new IllegalArgumentException("colour is not #rgb or #rrggbb: " + color);
        }
        if (logo != null && !isSitePath(logo)) {
            throw new IllegalArgumentException("logo is not a path on this site (like /img/logo.svg): " + logo);
        }
        links = List.copyOf(links == null ? List.of() : links);
        lookupLinks = Map.copyOf(lookupLinks == null ? Map.of() : lookupLinks);
        for (Map.Entry<String, String> e : lookupLinks.entrySet()) {
            if (!isLinkTarget(e.getValue())) {
                throw new IllegalArgumentException("lookup link of " + e.getKey() + " is not an https: URL: " + e.getValue());
            }
        }
    }

    /** This branding with other lookup links. */
    public Branding withLookupLinks(Map<String, String> lookup) {
        return new Branding(supportContact, logo, color, links, lookup);
    }

    /** The accent colour, or the built-in one. */
    public String accent() {
        return color == null ? DEFAULT_COLOR : expand(color);
    }

    /** Black or white, whichever is more readable on the accent colour (WCAG contrast, at least 4.5:1 for one of them). */
    public String onAccent() {
        double l = luminance(accent());
        double white = 1.05 / (l + 0.05);
        double black = (l + 0.05) / 0.05;
        return white >= black ? "#ffffff" : "#000000";
    }

    /** The support contact as a link target ({@code mailto:} or {@code https:}), or {@code null} if it is plain text. */
    public String supportHref() {
        if (supportContact == null) {
            return null;
        }
        String c = supportContact.strip();
        if (EMAIL.matcher(c).matches()) {
            return "mailto:" + c;
        }
        return c.startsWith("https://") && isLinkTarget(c) ? c : null;
    }

    static boolean isSitePath(String s) {
        return s.startsWith("/") && !s.startsWith("//") && !s.startsWith("/\\") && s.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '\\');
    }

    /** An {@code https:} URL or a same-site path, printable ASCII without quotes or backslashes. */
    static boolean isLinkTarget(String s) {
        if (s == null || s.isEmpty() || !s.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '\\' && c != '"' && c != '\'' && c != '<' && c != '>')) {
            return false;
        }
        return s.toLowerCase(Locale.ROOT).startsWith("https://") && s.length() > "https://".length() || isSitePath(s);
    }

    private static String expand(String c) {
        if (c.length() == 4) {
            return ("#" + c.charAt(1) + c.charAt(1) + c.charAt(2) + c.charAt(2) + c.charAt(3) + c.charAt(3)).toLowerCase(Locale.ROOT);
        }
        return c.toLowerCase(Locale.ROOT);
    }

    /** Relative luminance after WCAG 2.2, of a {@code #rrggbb} colour. */
    static double luminance(String hex) {
        double[] rgb = new double[3];
        for (int i = 0; i < 3; i++) {
            double v = Integer.parseInt(hex.substring(1 + 2 * i, 3 + 2 * i), 16) / 255.0;
            rgb[i] = v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
        }
        return 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
    }

    /**
     * One operator link on the notice page.
     *
     * @param title what the visitor reads
     * @param url an {@code https:} URL or a same-site path
     */
    public record Link(String title, String url) {
        public Link {
            if (title == null || title.isBlank()) {
                throw new IllegalArgumentException("link without a title: " + url);
            }
            if (!isLinkTarget(url)) {
                throw new IllegalArgumentException("link is not an https: URL or a path on this site: " + url);
            }
        }
    }
}
