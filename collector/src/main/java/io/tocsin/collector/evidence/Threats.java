package io.tocsin.collector.evidence;

/** Keeps threat names (text from scanners and mail headers, so untrusted) short and printable. */
final class Threats {

    /** Longer names are cut: real ones ({@code Win.Worm.Sober-2}) are far shorter. */
    static final int MAX_LENGTH = 200;

    private Threats() {
    }

    static String clean(String threat) {
        if (threat == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(Math.min(threat.length(), MAX_LENGTH));
        for (int i = 0; i < threat.length() && out.length() < MAX_LENGTH; i++) {
            char c = threat.charAt(i);
            out.append(Character.isISOControl(c) ? ' ' : c);
        }
        return out.toString().strip();
    }
}
