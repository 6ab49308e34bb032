package io.tocsin.servlet.notice;

/** Escaping of untrusted text for HTML element content and quoted attribute values. */
final class Html {

    private Html() {
    }

    /**
     * {@code text} with {@code & < > " '} replaced by character references, control characters other
     * than tab and line breaks dropped; {@code null} becomes the empty string.
     */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder sb = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String replacement;
            switch (c) {
                case '&': replacement = "&amp;"; break;
                case '<': replacement = "&lt;"; break;
                case '>': replacement = "&gt;"; break;
                case '"': replacement = "&quot;"; break;
                case '\'': replacement = "&#39;"; break;
                default:
                    replacement = isControl(c) ? "" : null;
                    break;
            }
            if (replacement != null) {
                if (sb == null) {
                    sb = new StringBuilder(text.length() + 16).append(text, 0, i);
                }
                sb.append(replacement);
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? text : sb.toString();
    }

    /**
     * {@code html} with every non-ASCII character written as a numeric character reference, so that
     * its bytes are the same in every ASCII-compatible encoding.
     */
    static String asciiOnly(String html) {
        StringBuilder sb = null;
        for (int i = 0; i < html.length(); ) {
            int cp = html.codePointAt(i);
            int n = Character.charCount(cp);
            if (cp >= 0x80) {
                if (sb == null) {
                    sb = new StringBuilder(html.length() + 32).append(html, 0, i);
                }
                sb.append("&#").append(cp).append(';');
            } else if (sb != null) {
                sb.append((char) cp);
            }
            i += n;
        }
        return sb == null ? html : sb.toString();
    }

    private static boolean isControl(char c) {
        return c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c >= 0x7f && c <= 0x9f
                || c == '\u2028' || c == '\u2029';
    }
}
