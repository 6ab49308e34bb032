package io.tocsin.servlet.html;

/**
 * Finds the end of a page's opening {@code <body…>} tag in its bytes, fed in pieces as they are
 * written, so that a banner can be inserted right after it without buffering the page.
 *
 * <p>A small subset of the HTML tokenizer (WHATWG HTML, section 13.2.5), enough to tell a real body
 * tag from the text {@code <body>} elsewhere: tag names are ASCII case-insensitive; attribute values
 * may be quoted and hold {@code >}; comments ({@code <!-- -->}, including the abrupt {@code <!-->}),
 * doctype and other declarations, processing instructions and end tags are skipped; so is the content
 * of the raw-text and RCDATA elements ({@code script}, {@code style}, {@code textarea}, {@code title},
 * {@code noscript}, {@code iframe}, {@code xmp}, {@code noembed}, {@code noframes}) up to their end tag,
 * and a body tag inside (nested) {@code <template>} content, which browsers ignore. After
 * {@code <plaintext>} nothing is markup. Works on any ASCII-compatible encoding, since every byte it
 * looks at is ASCII.
 *
 * <p>Not thread-safe: one scanner per response.
 */
public final class BodyTagScanner {

    private static final int DATA = 0;
    private static final int TAG_OPEN = 1;
    private static final int END_TAG_OPEN = 2;
    private static final int TAG_NAME = 3;
    private static final int ATTRS = 4;
    private static final int AFTER_EQUALS = 5;
    private static final int UNQUOTED = 6;
    private static final int DOUBLE_QUOTED = 7;
    private static final int SINGLE_QUOTED = 8;
    private static final int DECLARATION = 9;
    private static final int DECLARATION_DASH = 10;
    private static final int COMMENT_START = 11;
    private static final int COMMENT_START_DASH = 12;
    private static final int COMMENT = 13;
    private static final int COMMENT_END_DASH = 14;
    private static final int COMMENT_END = 15;
    private static final int COMMENT_END_BANG = 16;
    private static final int BOGUS_COMMENT = 17;
    private static final int RAW = 18;
    private static final int RAW_LT = 19;
    private static final int RAW_SLASH = 20;
    private static final int PLAINTEXT = 21;
    private static final int FOUND = 22;

    private static final byte[][] RAW_TEXT = names("script", "style", "textarea", "title", "noscript", "iframe",
            "xmp", "noembed", "noframes");
    private static final byte[] BODY = ascii("body");
    private static final byte[] TEMPLATE = ascii("template");
    private static final byte[] PLAINTEXT_NAME = ascii("plaintext");

    private static final int MAX_NAME = 16;

    private int state = DATA;
    private final byte[] name = new byte[MAX_NAME];
    private int nameLength;
    private boolean endTag;
    private int templateDepth;
    private byte[] rawEnd;
    private int rawMatched;

    /**
     * Scans {@code buf[from, to)}, continuing from the previous call.
     *
     * @return the index in {@code buf} right after the {@code >} of the opening body tag, or {@code -1}
     *     if it was not in this piece. Once found, further calls return {@code -1}.
     */
    public int scan(byte[] buf, int from, int to) {
        for (int i = from; i < to; i++) {
            if (state == FOUND) {
                return -1;
            }
            int c = buf[i] & 0xFF;
            if (step(c)) {
                state = FOUND;
                return i + 1;
            }
        }
        return -1;
    }

    /** Whether the body tag has been found. */
    public boolean found() {
        return state == FOUND;
    }

    /** Forgets everything, as if no byte had been scanned (after a response buffer reset). */
    public void reset() {
        state = DATA;
        nameLength = 0;
        endTag = false;
        templateDepth = 0;
        rawEnd = null;
        rawMatched = 0;
    }

    /** One byte; true when it closes the opening body tag. */
    private boolean step(int c) {
        switch (state) {
            case DATA:
                if (c == '<') {
                    state = TAG_OPEN;
                }
                return false;
            case TAG_OPEN:
                if (isLetter(c)) {
                    startName(c, false);
                } else if (c == '!') {
                    state = DECLARATION;
                } else if (c == '/') {
                    state = END_TAG_OPEN;
                } else if (c == '?') {
                    state = BOGUS_COMMENT;
                } else if (c != '<') {
                    state = DATA;
                }
                return false;
            case END_TAG_OPEN:
                if (isLetter(c)) {
                    startName(c, true);
                } else if (c == '>') {
                    state = DATA;
                } else {
                    state = BOGUS_COMMENT;
                }
                return false;
            case TAG_NAME:
                if (isSpace(c) || c == '/') {
                    state = ATTRS;
                } else if (c == '>') {
                    return tagEnd();
                } else {
                    appendName(c);
                }
                return false;
            case ATTRS:
                if (c == '>') {
                    return tagEnd();
                } else if (c == '=') {
                    state = AFTER_EQUALS;
                }
                return false;
            case AFTER_EQUALS:
                if (c == '"') {
                    state = DOUBLE_QUOTED;
                } else if (c == '\'') {
                    state = SINGLE_QUOTED;
                } else if (c == '>') {
                    return tagEnd();
                } else if (!isSpace(c)) {
                    state = UNQUOTED;
                }
                return false;
            case UNQUOTED:
                if (isSpace(c)) {
                    state = ATTRS;
                } else if (c == '>') {
                    return tagEnd();
                }
                return false;
            case DOUBLE_QUOTED:
                if (c == '"') {
                    state = ATTRS;
                }
                return false;
            case SINGLE_QUOTED:
                if (c == '\'') {
                    state = ATTRS;
                }
                return false;
            case DECLARATION:
                state = c == '-' ? DECLARATION_DASH : c == '>' ? DATA : BOGUS_COMMENT;
                return false;
            case DECLARATION_DASH:
                state = c == '-' ? COMMENT_START : c == '>' ? DATA : BOGUS_COMMENT;
                return false;
            case COMMENT_START:
                state = c == '>' ? DATA : c == '-' ? COMMENT_START_DASH : COMMENT;
                return false;
            case COMMENT_START_DASH:
                state = c == '>' ? DATA : c == '-' ? COMMENT_END : COMMENT;
                return false;
            case COMMENT:
                if (c == '-') {
                    state = COMMENT_END_DASH;
                }
                return false;
            case COMMENT_END_DASH:
                state = c == '-' ? COMMENT_END : COMMENT;
                return false;
            case COMMENT_END:
                if (c == '>') {
                    state = DATA;
                } else if (c == '!') {
                    state = COMMENT_END_BANG;
                } else if (c != '-') {
                    state = COMMENT;
                }
                return false;
            case COMMENT_END_BANG:
                state = c == '>' ? DATA : c == '-' ? COMMENT_END_DASH : COMMENT;
                return false;
            case BOGUS_COMMENT:
                if (c == '>') {
                    state = DATA;
                }
                return false;
            case RAW:
                if (c == '<') {
                    state = RAW_LT;
                }
                return false;
            case RAW_LT:
                if (c == '/') {
                    state = RAW_SLASH;
                    rawMatched = 0;
                } else if (c != '<') {
                    state = RAW;
                }
                return false;
            case RAW_SLASH:
                if (rawMatched < rawEnd.length) {
                    if (lower(c) == rawEnd[rawMatched]) {
                        rawMatched++;
                    } else {
                        state = c == '<' ? RAW_LT : RAW;
                    }
                } else if (isSpace(c) || c == '/') {
                    endTag = true;
                    nameLength = 0; // no name that matters: the tag only ends the raw text
                    state = ATTRS;
                } else if (c == '>') {
                    state = DATA;
                } else {
                    state = c == '<' ? RAW_LT : RAW;
                }
                return false;
            default: // PLAINTEXT, FOUND
                return false;
        }
    }

    private void startName(int c, boolean end) {
        endTag = end;
        nameLength = 0;
        appendName(c);
        state = TAG_NAME;
    }

    private void appendName(int c) {
        if (nameLength < MAX_NAME) {
            name[nameLength] = (byte) lower(c);
        }
        nameLength++;
    }

    /** At the {@code >} of a tag. */
    private boolean tagEnd() {
        state = DATA;
        if (endTag) {
            if (nameIs(TEMPLATE) && templateDepth > 0) {
                templateDepth--;
            }
            return false;
        }
        if (nameIs(BODY)) {
            return templateDepth == 0;
        }
        if (nameIs(TEMPLATE)) {
            templateDepth++;
        } else if (nameIs(PLAINTEXT_NAME)) {
            state = PLAINTEXT;
        } else {
            for (byte[] raw : RAW_TEXT) {
                if (nameIs(raw)) {
                    rawEnd = raw;
                    state = RAW;
                    break;
                }
            }
        }
        return false;
    }

    private boolean nameIs(byte[] expected) {
        if (nameLength != expected.length) {
            return false;
        }
        for (int i = 0; i < nameLength; i++) {
            if (name[i] != expected[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean isLetter(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    private static boolean isSpace(int c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
    }

    private static int lower(int c) {
        return c >= 'A' && c <= 'Z' ? c + 32 : c;
    }

    private static byte[] ascii(String s) {
        byte[] b = new byte[s.length()];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) s.charAt(i);
        }
        return b;
    }

    private static byte[][] names(String... names) {
        byte[][] out = new byte[names.length][];
        for (int i = 0; i < names.length; i++) {
            out[i] = ascii(names[i]);
        }
        return out;
    }
}
