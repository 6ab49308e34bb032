package io.tocsin.servlet;

import jakarta.servlet.http.HttpServletResponse;
import java.util.Locale;

/**
 * Whether a page's Content-Security-Policy lets it load a script from its own origin, so that the
 * banner includes its script only where the browser will run it (a refused script would put a CSP
 * violation in the visitor's console; the banner works without it).
 */
final class ScriptPolicy {

    private static final String[] POLICY_HEADERS = {"Content-Security-Policy", "Content-Security-Policy-Report-Only"};

    private ScriptPolicy() {
    }

    /**
     * True unless a {@code Content-Security-Policy} (or its report-only twin, which would log the
     * violation) of the response limits scripts in a way that may refuse {@code 'self'}: a
     * {@code script-src-elem}, {@code script-src} or {@code default-src} (the first present) without
     * {@code 'self'} or {@code *}, or with {@code 'strict-dynamic'} (which makes browsers ignore
     * {@code 'self'}).
     */
    static boolean allowsOwnScripts(HttpServletResponse response) {
        for (String header : POLICY_HEADERS) {
            if (response.getHeader(header) == null) {
                continue; // the usual page: no policy, and no list of its values made
            }
            for (String value : response.getHeaders(header)) {
                for (String policy : value.split(",")) {
                    if (!allows(policy)) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    static boolean allows(String policy) {
        String sources = null;
        for (String name : new String[] {"script-src-elem", "script-src", "default-src"}) {
            sources = directive(policy, name);
            if (sources != null) {
                break;
            }
        }
        if (sources == null) {
            return true;
        }
        boolean self = false;
        for (String source : sources.trim().split("[ \\t]+")) {
            String s = source.toLowerCase(Locale.ROOT);
            if (s.equals("'strict-dynamic'")) {
                return false;
            }
            self |= s.equals("'self'") || s.equals("*");
        }
        return self;
    }

    private static String directive(String policy, String name) {
        for (String directive : policy.split(";")) {
            String d = directive.trim();
            int space = d.indexOf(' ');
            String n = space < 0 ? d : d.substring(0, space);
            if (n.equalsIgnoreCase(name)) {
                return space < 0 ? "" : d.substring(space + 1);
            }
        }
        return null;
    }
}
