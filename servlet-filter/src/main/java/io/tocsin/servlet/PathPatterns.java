package io.tocsin.servlet;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Ant-style path patterns, as in {@code tocsin.block.allow}: {@code *} matches within one segment,
 * {@code **} any number of segments, so {@code /help/**} matches {@code /help}, {@code /help/} and
 * everything below; other characters match themselves.
 */
final class PathPatterns {

    private final List<Pattern> patterns = new ArrayList<>();

    PathPatterns(List<String> globs) {
        for (String glob : globs) {
            patterns.add(Pattern.compile(toRegex(glob)));
        }
    }

    boolean matches(String path) {
        for (Pattern p : patterns) {
            if (p.matcher(path).matches()) {
                return true;
            }
        }
        return false;
    }

    boolean isEmpty() {
        return patterns.isEmpty();
    }

    static String toRegex(String glob) {
        StringBuilder re = new StringBuilder();
        int i = 0;
        while (i < glob.length()) {
            if (glob.startsWith("/**", i) && (i + 3 == glob.length() || glob.charAt(i + 3) == '/')) {
                re.append("(?:/.*)?");
                i += 3;
            } else if (glob.startsWith("**", i)) {
                re.append(".*");
                i += 2;
            } else if (glob.charAt(i) == '*') {
                re.append("[^/]*");
                i++;
            } else {
                re.append(Pattern.quote(String.valueOf(glob.charAt(i))));
                i++;
            }
        }
        return re.toString();
    }
}
