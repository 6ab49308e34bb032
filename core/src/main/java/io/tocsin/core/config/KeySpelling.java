package io.tocsin.core.config;

import java.util.Collection;
import java.util.Locale;

/**
 * Suggestions for misspelt configuration keys: a prefix that is nearly {@code tocsin.}
 * ({@code tocsn.mode}, {@code Tocsin.mode}), and the known key nearest to an unknown one. Shared by
 * {@link Settings#rejectUnknown()} and the Spring Boot starter, so that both say the same.
 */
public final class KeySpelling {

    /** Edits (insert, delete, substitute, swap two neighbours) that still count as a slip of the hand. */
    private static final int MAX_PREFIX_EDITS = 2;
    private static final String NAME = Settings.PREFIX.substring(0, Settings.PREFIX.length() - 1);

    private KeySpelling() {
    }

    /**
     * {@code key} with its first segment corrected to {@code tocsin}, when that segment is not
     * {@code tocsin} but within two edits of it (case ignored), e.g. {@code tocsin.mode} for
     * {@code tocsn.mode}; otherwise {@code null}. A key without a dot is never a Tocsin key.
     */
    public static String correctedPrefix(String key) {
        if (key == null) {
            return null;
        }
        int dot = key.indexOf('.');
        if (dot <= 0 || dot == key.length() - 1) {
            return null;
        }
        String first = key.substring(0, dot);
        if (first.equals(NAME)) {
            return null;
        }
        return distance(first.toLowerCase(Locale.ROOT), NAME) <= MAX_PREFIX_EDITS ? NAME + key.substring(dot) : null;
    }

    /**
     * The key of {@code known} nearest to {@code key}, if it is near enough to be what was meant
     * (about one edit in four characters of the part after {@code tocsin.}, at least two); otherwise
     * {@code null}.
     */
    public static String nearest(String key, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        int limit = Math.max(2, (key.length() - Settings.PREFIX.length()) / 4);
        for (String candidate : known) {
            if (candidate.equals(key)) {
                continue;
            }
            int d = distance(key.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
            if (d <= limit && (d < bestDistance || (d == bestDistance && candidate.compareTo(best) < 0))) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best;
    }

    /** The optimal string alignment distance: Levenshtein's, with a swap of two neighbours as one edit. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int best = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    best = Math.min(best, d[i - 2][j - 2] + 1);
                }
                d[i][j] = best;
            }
        }
        return d[a.length()][b.length()];
    }
}
