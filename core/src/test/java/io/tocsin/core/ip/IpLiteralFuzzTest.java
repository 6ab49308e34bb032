package io.tocsin.core.ip;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Fuzzes the strict IP literal parser: it never throws anything but {@link InvalidIpAddressException},
 * what it accepts round-trips through {@link IpAddress#toString()}, and it agrees with a slow,
 * obviously strict reference written from RFC 4291 section 2.2 and the dotted-quad rule.
 *
 * <p>In a normal build the seeds under {@code IpLiteralFuzzTestInputs/} run as regression tests;
 * {@code JAZZER_FUZZ=1} fuzzes (see docs/RELIABILITY.md).
 */
class IpLiteralFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void parseAgreesWithTheReference(String text) {
        IpAddress parsed = IpAddress.tryParse(text);
        IpAddress reference = ReferenceParser.parse(text);
        check(Objects.equals(parsed, reference), text, "tryParse gave " + parsed + ", the reference " + reference);
        if (parsed == null) {
            try {
                IpAddress.parse(text);
                check(false, text, "parse accepted what tryParse rejected");
            } catch (InvalidIpAddressException expected) {
                check(Objects.equals(expected.input(), text), text, "the exception names " + expected.input());
            }
            return;
        }
        check(IpAddress.parse(text).equals(parsed), text, "parse and tryParse disagree");
        String canonical = parsed.toString();
        IpAddress again = IpAddress.tryParse(canonical);
        check(parsed.equals(again), text, "does not round-trip through " + canonical);
        check(canonical.equals(again.toString()), text, "canonical form " + canonical + " is not stable");
        check(IpAddress.ofBytes(parsed.toBytes()).equals(parsed), text, "does not round-trip through bytes");
    }

    @FuzzTest(maxDuration = "10m")
    void sliceParsingNeverThrows(String text, int start, int end) {
        if (text == null) {
            check(IpAddress.tryParse(null, start, end) == null, null, "null text parsed");
            return;
        }
        IpAddress slice = IpAddress.tryParse(text, start, end);
        if (slice != null) {
            check(slice.equals(IpAddress.tryParse(text.substring(start, end))), text,
                    "slice [" + start + ", " + end + ") parsed differently from its substring");
        }
    }

    /** Plain checks, not AssertJ: the fuzzer runs this thousands of times a second. */
    private static void check(boolean condition, String input, String problem) {
        if (!condition) {
            throw new AssertionError(escape(input) + ": " + problem);
        }
    }

    private static String escape(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c < 0x20 || c > 0x7E) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    /** Slow and plain on purpose: regular expressions and String.split, no shared code with the parser. */
    static final class ReferenceParser {
        private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])";
        private static final Pattern IPV4 = Pattern.compile(OCTET + "\\." + OCTET + "\\." + OCTET + "\\." + OCTET);
        private static final Pattern GROUP = Pattern.compile("[0-9a-fA-F]{1,4}");

        static IpAddress parse(String s) {
            if (s == null) {
                return null;
            }
            if (!s.contains(":")) {
                return IPV4.matcher(s).matches() ? IpAddress.ofIpv4(ipv4(s)) : null;
            }
            int gap = s.indexOf("::");
            if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
                return null;
            }
            String left = gap >= 0 ? s.substring(0, gap) : s;
            String right = gap >= 0 ? s.substring(gap + 2) : "";
            int[] leftGroups = groups(left, gap < 0);
            int[] rightGroups = groups(right, true);
            if (leftGroups == null || rightGroups == null) {
                return null;
            }
            if (gap < 0 && leftGroups.length != 8 || gap >= 0 && leftGroups.length + rightGroups.length > 7) {
                return null;
            }
            int[] all = new int[8];
            System.arraycopy(leftGroups, 0, all, 0, leftGroups.length);
            System.arraycopy(rightGroups, 0, all, 8 - rightGroups.length, rightGroups.length);
            long high = 0;
            long low = 0;
            for (int i = 0; i < 4; i++) {
                high = (high << 16) | all[i];
                low = (low << 16) | all[i + 4];
            }
            return IpAddress.ofBits(high, low);
        }

        /** The groups of one side of "::"; only the last side may end in a dotted quad. */
        private static int[] groups(String part, boolean mayEndInIpv4) {
            if (part.isEmpty()) {
                return new int[0];
            }
            String[] pieces = part.split(":", -1);
            int count = 0;
            int[] out = new int[pieces.length + 1];
            for (int i = 0; i < pieces.length; i++) {
                String p = pieces[i];
                if (i == pieces.length - 1 && mayEndInIpv4 && p.contains(".")) {
                    if (!IPV4.matcher(p).matches()) {
                        return null;
                    }
                    int v4 = ipv4(p);
                    out[count++] = v4 >>> 16;
                    out[count++] = v4 & 0xFFFF;
                } else if (GROUP.matcher(p).matches()) {
                    out[count++] = Integer.parseInt(p, 16);
                } else {
                    return null;
                }
            }
            return java.util.Arrays.copyOf(out, count);
        }

        private static int ipv4(String s) {
            int v = 0;
            for (String octet : s.split("\\.")) {
                v = (v << 8) | Integer.parseInt(octet);
            }
            return v;
        }
    }
}
