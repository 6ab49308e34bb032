package io.tocsin.collector.traffic;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The beacon hosts, as domain suffixes: {@code pages.at} matches {@code pages.at} and
 * {@code home.pages.at}, never {@code xpages.at} or {@code pages.at.example}. Matching is
 * case-insensitive and works on the line's bytes, as it runs for every line of the log.
 */
public final class BeaconSuffixes {

    private final List<String> names;
    private final byte[][] suffixes;

    private BeaconSuffixes(List<String> names) {
        this.names = List.copyOf(names);
        this.suffixes = new byte[names.size()][];
        for (int i = 0; i < names.size(); i++) {
            suffixes[i] = names.get(i).getBytes(StandardCharsets.US_ASCII);
        }
    }

    /**
     * The suffixes, normalised (lower case, no leading or trailing dot), duplicates dropped.
     *
     * @throws IllegalArgumentException naming a suffix that is not a host name
     */
    public static BeaconSuffixes of(Collection<String> suffixes) {
        Set<String> names = new LinkedHashSet<>();
        for (String s : suffixes) {
            String name = s.trim().toLowerCase(Locale.ROOT);
            while (name.startsWith(".")) {
                name = name.substring(1);
            }
            while (name.endsWith(".")) {
                name = name.substring(0, name.length() - 1);
            }
            if (name.isEmpty() || !name.matches("[a-z0-9_-]+(\\.[a-z0-9_-]+)*")) {
                throw new IllegalArgumentException("\"" + s.trim() + "\" is not a host name");
            }
            names.add(name);
        }
        return new BeaconSuffixes(new ArrayList<>(names));
    }

    /** The suffixes, in the order given. */
    public List<String> names() {
        return names;
    }

    /** The beacon with index {@code index}. */
    public String name(int index) {
        return names.get(index);
    }

    /** The index of the first suffix that {@code b[start, end)} (a host name) falls under, or -1. */
    int match(byte[] b, int start, int end) {
        int length = end - start;
        outer:
        for (int s = 0; s < suffixes.length; s++) {
            byte[] suffix = suffixes[s];
            int n = suffix.length;
            if (length < n || lower(b[end - 1]) != suffix[n - 1]) {
                continue;
            }
            for (int j = 2; j <= n; j++) {
                if (lower(b[end - j]) != suffix[n - j]) {
                    continue outer;
                }
            }
            if (length == n || b[end - n - 1] == '.') {
                return s;
            }
        }
        return -1;
    }

    private static int lower(byte c) {
        return c >= 'A' && c <= 'Z' ? c + 32 : c;
    }

    @Override
    public String toString() {
        return String.join(",", names);
    }
}
