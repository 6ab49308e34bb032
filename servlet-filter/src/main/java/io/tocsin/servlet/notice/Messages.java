package io.tocsin.servlet.notice;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The visitor-facing text, from the resource bundle {@code io.tocsin.servlet.notice.messages}. The
 * base bundle's {@code languages} key lists the languages shipped; adding one is adding
 * {@code messages_xx.properties} and its code there. Thread-safe.
 */
public final class Messages {

    static final String BUNDLE = "io.tocsin.servlet.notice.messages";

    private final List<Locale> languages;
    private final ConcurrentHashMap<Locale, ResourceBundle> bundles = new ConcurrentHashMap<>();

    public Messages() {
        ResourceBundle base = load(Locale.ROOT);
        List<Locale> list = new ArrayList<>();
        for (String code : base.getString("languages").split(",")) {
            if (!code.isBlank()) {
                list.add(Locale.forLanguageTag(code.trim()));
            }
        }
        this.languages = List.copyOf(list);
    }

    /** The shipped languages, the first being the fallback. */
    public List<Locale> languages() {
        return languages;
    }

    /** The best shipped language for an {@code Accept-Language} header; the first one if none fits. */
    public Locale choose(String acceptLanguage) {
        if (acceptLanguage != null && !acceptLanguage.isBlank() && acceptLanguage.length() < 512) {
            try {
                List<Locale.LanguageRange> ranges = Locale.LanguageRange.parse(acceptLanguage);
                Locale best = Locale.lookup(ranges, languages);
                if (best != null) {
                    return best;
                }
                // "de-AT" should still find "de": lookup truncates, filter handles the rest
                List<Locale> matches = Locale.filter(ranges, languages);
                if (!matches.isEmpty()) {
                    return matches.get(0);
                }
            } catch (IllegalArgumentException e) {
                // a malformed header: the fallback language
            }
        }
        return languages.get(0);
    }

    /** The text of {@code key} in {@code language}, or in the base bundle; the key itself if missing. */
    public String get(Locale language, String key) {
        try {
            return bundles.computeIfAbsent(language, Messages::load).getString(key);
        } catch (MissingResourceException e) {
            return key;
        }
    }

    private static ResourceBundle load(Locale locale) {
        return ResourceBundle.getBundle(BUNDLE, locale, Messages.class.getClassLoader(),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }
}
