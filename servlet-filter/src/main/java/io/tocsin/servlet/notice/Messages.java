package io.tocsin.servlet.notice;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.PropertyResourceBundle;
import java.util.ResourceBundle;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The visitor-facing text, from the resource bundle {@code io.tocsin.servlet.notice.messages}. The
 * base bundle's {@code languages} key lists the languages shipped; adding one is adding
 * {@code messages_xx.properties} and its code there. Thread-safe.
 */
final class Messages {

    static final String BUNDLE = "io.tocsin.servlet.notice.messages";

    private static final ResourceBundle.Control NO_FALLBACK =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    private final List<Locale> languages;
    private final ConcurrentHashMap<Locale, ResourceBundle> bundles = new ConcurrentHashMap<>();

    Messages() {
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
    List<Locale> languages() {
        return languages;
    }

    /** The best shipped language for an {@code Accept-Language} header; the first one if none fits. */
    Locale choose(String acceptLanguage) {
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
    String get(Locale language, String key) {
        try {
            return bundles.computeIfAbsent(language, Messages::load).getString(key);
        } catch (MissingResourceException e) {
            return key;
        }
    }

    /**
     * What {@code ResourceBundle.getBundle} with a no-fallback {@code Control} does (the language's file
     * over the base file, never the JVM's default locale), by hand: a named module may not pass a
     * {@code Control}, and {@link Class#getResourceAsStream} finds this module's own files either way.
     */
    private static ResourceBundle load(Locale locale) {
        ResourceBundle bundle = null;
        List<Locale> candidates = NO_FALLBACK.getCandidateLocales(BUNDLE, locale); // most specific first, ROOT last
        for (int i = candidates.size() - 1; i >= 0; i--) {
            String name = NO_FALLBACK.toResourceName(NO_FALLBACK.toBundleName(BUNDLE, candidates.get(i)), "properties");
            try (InputStream in = Messages.class.getResourceAsStream("/" + name)) {
                if (in != null) {
                    bundle = new Bundle(in, bundle);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + name, e);
            }
        }
        if (bundle == null) {
            throw new MissingResourceException("no messages for " + locale, BUNDLE, "");
        }
        return bundle;
    }

    private static final class Bundle extends PropertyResourceBundle {
        Bundle(InputStream in, ResourceBundle parent) throws IOException {
            super(in);
            setParent(parent);
        }
    }
}
