package io.tocsin.servlet.html;

/**
 * Finds the end of the start tag that opens a page's body, in its bytes, fed in pieces as they are
 * written, so that a banner can be inserted right after it without buffering the page.
 *
 * <p>It follows the HTML tokenizer (WHATWG HTML, section 13.2.5) and as much of tree construction
 * (section 13.2.6) as happens before the body exists: the insertion modes "initial" to "after head",
 * and the content of {@code <template>} elements there. A {@code <body…>} start tag counts only where
 * a browser creates the body element from it; everything else that could look like one is skipped:
 * comments (including {@code <!-->} and {@code --!>}), doctypes, bogus comments, attribute values that
 * hold {@code >}, the raw text of {@code script} (with its escaped and double-escaped states, so
 * {@code <!--<script>…</script>-->} hides an end tag), {@code style}, {@code noscript} (scripting is
 * on in a visitor's browser), {@code noframes}, the RCDATA of {@code title} and {@code textarea}, and
 * template content.
 *
 * <p>The scan settles without a result when no body tag can ever get the banner safely:
 * <ul>
 * <li>Something before the tag made the browser open the body itself (text other than white space,
 *     an element that does not belong in the head such as {@code <div>}, {@code <svg>} or
 *     {@code <math>}, an end tag {@code </body>}, {@code </html>} or {@code </br>}). A later
 *     {@code <body>} tag only adds attributes to that body, and whatever is open at that point (a
 *     {@code <div>}, a table cell, a {@code <select>}) would receive the banner, changing the page's
 *     DOM. So the banner is left out.</li>
 * <li>A {@code <frameset>} comes first: browsers ignore any body tag after it.</li>
 * <li>{@code <plaintext>}: nothing after it is markup.</li>
 * <li>Template content uses a construct whose effect on the tokenizer depends on more of tree
 *     construction than is followed here (foreign content: {@code <svg>}, {@code <math>}; the
 *     {@code <select>} and template column-group insertion modes: {@code <select>}, {@code <col>}).
 *     Rare in a page's head; leaving the page alone is the safe answer.</li>
 * </ul>
 * Foreign content (SVG, MathML and their CDATA sections) outside a template always opens the body, so it
 * settles the scan as above. Character references matter only where they decide whether text is white
 * space ({@code &#32;} is, {@code &nbsp;} is not).
 *
 * <p>Works on any ASCII-compatible encoding: every byte it looks at is ASCII, and any other byte in
 * text is a character that is not white space. A UTF-8 byte order mark at the very start is skipped,
 * as browsers do. Holds a few counters and at most 16 bytes of a tag name: memory does not grow with the
 * page. Not thread-safe: one scanner per response.
 */
public final class BodyTagScanner {

    // ---- tokenizer states (WHATWG HTML 13.2.5, same names where they exist there)
    private static final int BOM_1 = 0; // before the first byte: perhaps a UTF-8 byte order mark
    private static final int BOM_2 = 1;
    private static final int BOM_3 = 2;
    private static final int DATA = 3;
    private static final int CHAR_REF = 4;
    private static final int NUMERIC_REF = 5;
    private static final int HEX_REF_START = 6;
    private static final int DECIMAL_REF = 7;
    private static final int HEX_REF = 8;
    private static final int NAMED_REF = 9;
    private static final int TAG_OPEN = 10;
    private static final int END_TAG_OPEN = 11;
    private static final int TAG_NAME = 12;
    private static final int BEFORE_ATTR_NAME = 13;
    private static final int ATTR_NAME = 14;
    private static final int AFTER_ATTR_NAME = 15;
    private static final int BEFORE_ATTR_VALUE = 16;
    private static final int ATTR_VALUE_DOUBLE = 17;
    private static final int ATTR_VALUE_SINGLE = 18;
    private static final int ATTR_VALUE_UNQUOTED = 19;
    private static final int AFTER_ATTR_VALUE_QUOTED = 20;
    private static final int SELF_CLOSING = 21;
    private static final int MARKUP_OPEN = 22;
    private static final int MARKUP_DASH = 23;
    private static final int BOGUS_COMMENT = 24; // also every doctype: each of its states ends at '>'
    private static final int COMMENT_START = 25;
    private static final int COMMENT_START_DASH = 26;
    private static final int COMMENT = 27;
    private static final int COMMENT_END_DASH = 28;
    private static final int COMMENT_END = 29;
    private static final int COMMENT_END_BANG = 30;
    private static final int RAW = 31; // RCDATA and RAWTEXT: the same to a scanner that ignores text
    private static final int RAW_LT = 32;
    private static final int RAW_END_OPEN = 33;
    private static final int RAW_END_NAME = 34;
    private static final int SCRIPT = 35;
    private static final int SCRIPT_LT = 36;
    private static final int SCRIPT_END_OPEN = 37;
    private static final int SCRIPT_END_NAME = 38;
    private static final int SCRIPT_ESCAPE_START = 39;
    private static final int SCRIPT_ESCAPE_START_DASH = 40;
    private static final int SCRIPT_ESCAPED = 41;
    private static final int SCRIPT_ESCAPED_DASH = 42;
    private static final int SCRIPT_ESCAPED_DASH_DASH = 43;
    private static final int SCRIPT_ESCAPED_LT = 44;
    private static final int SCRIPT_ESCAPED_END_OPEN = 45;
    private static final int SCRIPT_ESCAPED_END_NAME = 46;
    private static final int SCRIPT_DOUBLE_ESCAPE_START = 47;
    private static final int SCRIPT_DOUBLE_ESCAPED = 48;
    private static final int SCRIPT_DOUBLE_ESCAPED_DASH = 49;
    private static final int SCRIPT_DOUBLE_ESCAPED_DASH_DASH = 50;
    private static final int SCRIPT_DOUBLE_ESCAPED_LT = 51;
    private static final int SCRIPT_DOUBLE_ESCAPE_END = 52;
    private static final int SETTLED = 53; // found, or never: nothing more to look at

    // ---- insertion modes before the body (13.2.6.4.1 to 13.2.6.4.6); "initial" and "before html"
    // behave like "before head" for every token that matters here
    private static final int BEFORE_HEAD = 0;
    private static final int IN_HEAD = 1;
    private static final int AFTER_HEAD = 2;

    private static final byte[] BODY = ascii("body");
    private static final byte[] HTML = ascii("html");
    private static final byte[] HEAD = ascii("head");
    private static final byte[] BR = ascii("br");
    private static final byte[] TEMPLATE = ascii("template");
    private static final byte[] FRAMESET = ascii("frameset");
    private static final byte[] SCRIPT_NAME = ascii("script");
    private static final byte[] PLAINTEXT_NAME = ascii("plaintext");
    private static final byte[] TAB_REF = ascii("Tab;");
    private static final byte[] NEWLINE_REF = ascii("NewLine;");
    /** Elements the "in head" rules insert without changing the tokenizer. */
    private static final byte[][] HEAD_VOID = names("base", "basefont", "bgsound", "link", "meta");
    /** Elements whose content the "in head" rules read as RAWTEXT or RCDATA. */
    private static final byte[][] HEAD_RAW = names("title", "style", "noscript", "noframes");
    /** Elements whose content the "in body" rules (used inside templates) read as RAWTEXT or RCDATA. */
    private static final byte[][] BODY_RAW = names("title", "style", "noscript", "noframes", "textarea", "xmp",
            "iframe", "noembed");
    /** Start tags inside template content that this scanner does not follow (see the class comment). */
    private static final byte[][] TEMPLATE_UNSURE = names("svg", "math", "select", "col");

    private static final int MAX_NAME = 16;

    private int state = BOM_1;
    private int mode = BEFORE_HEAD;
    private boolean found;

    private final byte[] name = new byte[MAX_NAME];
    private int nameLength;
    private boolean endTag;
    /** The element whose end tag ends the current raw text (the "appropriate end tag"). */
    private byte[] rawEnd;
    private int templateDepth;
    private int modeAfterTemplate;
    /** Character reference being read in text: its value so far, or the name read so far. */
    private int refValue;

    /**
     * Scans {@code buf[from, to)}, continuing from the previous call.
     *
     * @return the index in {@code buf} right after the {@code >} of the start tag that opens the body,
     *     or {@code -1} if it was not in this piece. Once {@link #settled()}, further calls return
     *     {@code -1}.
     */
    public int scan(byte[] buf, int from, int to) {
        for (int i = from; i < to; i++) {
            if (state == SETTLED) {
                return -1;
            }
            i = passOver(buf, i, to);
            if (i == to) {
                return -1;
            }
            int c = buf[i] & 0xFF;
            while (consume(c)) {
                // the byte is read again in the new state ("reconsume")
            }
            if (found) {
                state = SETTLED;
                return i + 1;
            }
        }
        return -1;
    }

    /**
     * The first index from {@code i} on whose byte the current state must read: the bytes before it
     * change nothing in this state (the inside of a quoted attribute value, a comment, raw text or
     * script data up to the byte that may end it; white space between tags), so a tight loop passes
     * over them instead of one {@link #consume} each. Exactly what consuming them would do: nothing.
     */
    private int passOver(byte[] buf, int i, int to) {
        switch (state) {
            case DATA:
                while (i < to && isSpace(buf[i])) {
                    i++;
                }
                return i;
            case ATTR_VALUE_DOUBLE:
                return next(buf, i, to, '"');
            case ATTR_VALUE_SINGLE:
                return next(buf, i, to, '\'');
            case BOGUS_COMMENT:
                return next(buf, i, to, '>');
            case COMMENT:
                return next(buf, i, to, '-');
            case RAW:
            case SCRIPT:
                return next(buf, i, to, '<');
            default:
                return i;
        }
    }

    private static int next(byte[] buf, int i, int to, char wanted) {
        while (i < to && buf[i] != wanted) {
            i++;
        }
        return i;
    }

    /** Whether the body tag has been found. */
    public boolean found() {
        return found;
    }

    /** Whether the scan is over: the body tag was found, or no body tag can get the banner. */
    public boolean settled() {
        return state == SETTLED;
    }

    /** Forgets everything, as if no byte had been scanned (after a response buffer reset). */
    public void reset() {
        state = BOM_1;
        mode = BEFORE_HEAD;
        found = false;
        nameLength = 0;
        endTag = false;
        rawEnd = null;
        templateDepth = 0;
        modeAfterTemplate = BEFORE_HEAD;
        refValue = 0;
    }

    /** One byte in the current state; true when it must be read again in the state it switched to. */
    private boolean consume(int c) {
        switch (state) {
            case BOM_1:
                state = DATA;
                if (c == 0xEF) {
                    state = BOM_2;
                    return false;
                }
                return true;
            case BOM_2:
            case BOM_3:
                if (c == (state == BOM_2 ? 0xBB : 0xBF)) {
                    state = state == BOM_2 ? BOM_3 : DATA;
                } else {
                    text(false); // the 0xEF was a character of the page
                }
                return false;
            case DATA:
                if (c == '<') {
                    state = TAG_OPEN;
                } else if (c == '&') {
                    state = CHAR_REF;
                } else {
                    text(isSpace(c));
                }
                return false;
            case CHAR_REF:
                if (c == '#') {
                    state = NUMERIC_REF;
                    refValue = 0;
                    return false;
                }
                if (isLetter(c)) {
                    state = NAMED_REF;
                    nameLength = 0;
                    return true;
                }
                return textThenReconsume(); // a lone '&'
            case NUMERIC_REF:
                if (c == 'x' || c == 'X') {
                    state = HEX_REF_START;
                    return false;
                }
                if (isDigit(c)) {
                    state = DECIMAL_REF;
                    return true;
                }
                return textThenReconsume(); // "&#" is text
            case HEX_REF_START:
                if (hexValue(c) >= 0) {
                    state = HEX_REF;
                    return true;
                }
                return textThenReconsume();
            case DECIMAL_REF:
            case HEX_REF: {
                int digit = state == DECIMAL_REF ? (isDigit(c) ? c - '0' : -1) : hexValue(c);
                if (digit >= 0) {
                    refValue = Math.min(0x110000, refValue * (state == DECIMAL_REF ? 10 : 16) + digit);
                    return false;
                }
                state = DATA;
                text(isSpace(refValue));
                return c != ';'; // the semicolon belongs to the reference; anything else is read again
            }
            case NAMED_REF:
                // only two named references are white space: &Tab; and &NewLine; (semicolon required)
                if (nameLength < NEWLINE_REF.length && (isLetter(c) || c == ';')) {
                    name[nameLength++] = (byte) c;
                    if (c == ';') {
                        state = DATA;
                        text(nameIs(TAB_REF) || nameIs(NEWLINE_REF));
                    }
                    return false;
                }
                return textThenReconsume();
            case TAG_OPEN:
                if (isLetter(c)) {
                    startName(false);
                    return true;
                }
                if (c == '!') {
                    state = MARKUP_OPEN;
                } else if (c == '/') {
                    state = END_TAG_OPEN;
                } else if (c == '?') {
                    state = BOGUS_COMMENT;
                } else {
                    return textThenReconsume(); // the '<' was text
                }
                return false;
            case END_TAG_OPEN:
                if (isLetter(c)) {
                    startName(true);
                    return true;
                }
                state = c == '>' ? DATA : BOGUS_COMMENT;
                return false;
            case TAG_NAME:
                if (isSpace(c)) {
                    state = BEFORE_ATTR_NAME;
                } else if (c == '/') {
                    state = SELF_CLOSING;
                } else if (c == '>') {
                    emitTag();
                } else {
                    appendName(c);
                }
                return false;
            case BEFORE_ATTR_NAME:
                if (isSpace(c)) {
                    return false;
                }
                if (c == '/' || c == '>') {
                    state = AFTER_ATTR_NAME;
                    return true;
                }
                state = ATTR_NAME; // '=' here starts a name
                return false;
            case ATTR_NAME:
                if (isSpace(c) || c == '/' || c == '>') {
                    state = AFTER_ATTR_NAME;
                    return true;
                }
                if (c == '=') {
                    state = BEFORE_ATTR_VALUE;
                }
                return false;
            case AFTER_ATTR_NAME:
                if (c == '/') {
                    state = SELF_CLOSING;
                } else if (c == '=') {
                    state = BEFORE_ATTR_VALUE;
                } else if (c == '>') {
                    emitTag();
                } else if (!isSpace(c)) {
                    state = ATTR_NAME;
                }
                return false;
            case BEFORE_ATTR_VALUE:
                if (c == '"') {
                    state = ATTR_VALUE_DOUBLE;
                } else if (c == '\'') {
                    state = ATTR_VALUE_SINGLE;
                } else if (c == '>') {
                    emitTag();
                } else if (!isSpace(c)) {
                    state = ATTR_VALUE_UNQUOTED;
                }
                return false;
            case ATTR_VALUE_DOUBLE:
            case ATTR_VALUE_SINGLE:
                if (c == (state == ATTR_VALUE_DOUBLE ? '"' : '\'')) {
                    state = AFTER_ATTR_VALUE_QUOTED;
                }
                return false;
            case ATTR_VALUE_UNQUOTED:
                if (isSpace(c)) {
                    state = BEFORE_ATTR_NAME;
                } else if (c == '>') {
                    emitTag();
                }
                return false;
            case AFTER_ATTR_VALUE_QUOTED:
                if (isSpace(c)) {
                    state = BEFORE_ATTR_NAME;
                } else if (c == '/') {
                    state = SELF_CLOSING;
                } else if (c == '>') {
                    emitTag();
                } else {
                    state = BEFORE_ATTR_NAME;
                    return true;
                }
                return false;
            case SELF_CLOSING:
                if (c == '>') {
                    emitTag(); // the flag changes nothing for the HTML elements that matter here
                    return false;
                }
                state = BEFORE_ATTR_NAME;
                return true;
            case MARKUP_OPEN:
                // "--" opens a comment; "DOCTYPE" and anything else (CDATA too: no foreign content is
                // followed here) is read up to the next '>'
                if (c == '-') {
                    state = MARKUP_DASH;
                    return false;
                }
                state = BOGUS_COMMENT;
                return true;
            case MARKUP_DASH:
                if (c == '-') {
                    state = COMMENT_START;
                    return false;
                }
                state = BOGUS_COMMENT;
                return true;
            case BOGUS_COMMENT:
                if (c == '>') {
                    state = DATA;
                }
                return false;
            case COMMENT_START:
                if (c == '-') {
                    state = COMMENT_START_DASH;
                } else if (c == '>') {
                    state = DATA; // <!-->
                } else {
                    state = COMMENT;
                    return true;
                }
                return false;
            case COMMENT_START_DASH:
                if (c == '-') {
                    state = COMMENT_END;
                } else if (c == '>') {
                    state = DATA; // <!--->
                } else {
                    state = COMMENT;
                    return true;
                }
                return false;
            case COMMENT:
                // the "comment less-than sign" states only report nested comments: "<!--" inside a
                // comment leads to the comment end state exactly as its "--" does here
                if (c == '-') {
                    state = COMMENT_END_DASH;
                }
                return false;
            case COMMENT_END_DASH:
                if (c == '-') {
                    state = COMMENT_END;
                    return false;
                }
                state = COMMENT;
                return true;
            case COMMENT_END:
                if (c == '>') {
                    state = DATA;
                } else if (c == '!') {
                    state = COMMENT_END_BANG;
                } else if (c != '-') {
                    state = COMMENT;
                    return true;
                }
                return false;
            case COMMENT_END_BANG:
                if (c == '-') {
                    state = COMMENT_END_DASH;
                } else if (c == '>') {
                    state = DATA; // --!>
                } else {
                    state = COMMENT;
                    return true;
                }
                return false;
            case RAW:
                if (c == '<') {
                    state = RAW_LT;
                }
                return false;
            case RAW_LT:
            case SCRIPT_LT:
            case SCRIPT_ESCAPED_LT:
                return afterLessThan(c);
            case RAW_END_OPEN:
            case SCRIPT_END_OPEN:
            case SCRIPT_ESCAPED_END_OPEN:
                if (isLetter(c)) {
                    state++; // the matching *_END_NAME state
                    nameLength = 0;
                    endTag = true;
                } else {
                    state = textStateOf(state);
                }
                return true;
            case RAW_END_NAME:
            case SCRIPT_END_NAME:
            case SCRIPT_ESCAPED_END_NAME:
                if (isLetter(c)) {
                    appendName(c);
                    return false;
                }
                if ((isSpace(c) || c == '/' || c == '>') && nameIs(rawEnd)) {
                    // an appropriate end tag: the raw text is over, the tag goes on like any other
                    state = isSpace(c) ? BEFORE_ATTR_NAME : c == '/' ? SELF_CLOSING : DATA;
                    if (c == '>') {
                        emitTag();
                    }
                    return false;
                }
                state = textStateOf(state);
                return true;
            case SCRIPT:
                if (c == '<') {
                    state = SCRIPT_LT;
                }
                return false;
            case SCRIPT_ESCAPE_START:
            case SCRIPT_ESCAPE_START_DASH:
                if (c == '-') {
                    state = state == SCRIPT_ESCAPE_START ? SCRIPT_ESCAPE_START_DASH : SCRIPT_ESCAPED_DASH_DASH;
                    return false;
                }
                state = SCRIPT;
                return true;
            case SCRIPT_ESCAPED:
            case SCRIPT_ESCAPED_DASH:
            case SCRIPT_ESCAPED_DASH_DASH:
                return escapedText(c, SCRIPT_ESCAPED, SCRIPT_ESCAPED_LT);
            case SCRIPT_DOUBLE_ESCAPE_START:
            case SCRIPT_DOUBLE_ESCAPE_END:
                if (isSpace(c) || c == '/' || c == '>') {
                    boolean script = nameIs(SCRIPT_NAME);
                    if (state == SCRIPT_DOUBLE_ESCAPE_START) {
                        state = script ? SCRIPT_DOUBLE_ESCAPED : SCRIPT_ESCAPED;
                    } else {
                        state = script ? SCRIPT_ESCAPED : SCRIPT_DOUBLE_ESCAPED;
                    }
                    return false;
                }
                if (isLetter(c)) {
                    appendName(c);
                    return false;
                }
                state = state == SCRIPT_DOUBLE_ESCAPE_START ? SCRIPT_ESCAPED : SCRIPT_DOUBLE_ESCAPED;
                return true;
            case SCRIPT_DOUBLE_ESCAPED:
            case SCRIPT_DOUBLE_ESCAPED_DASH:
            case SCRIPT_DOUBLE_ESCAPED_DASH_DASH:
                return escapedText(c, SCRIPT_DOUBLE_ESCAPED, SCRIPT_DOUBLE_ESCAPED_LT);
            case SCRIPT_DOUBLE_ESCAPED_LT:
                if (c == '/') {
                    state = SCRIPT_DOUBLE_ESCAPE_END;
                    nameLength = 0;
                    return false;
                }
                state = SCRIPT_DOUBLE_ESCAPED;
                return true;
            default: // SETTLED
                return false;
        }
    }

    /** After '<' in raw text, script data or escaped script data. */
    private boolean afterLessThan(int c) {
        if (c == '/') {
            state++; // the matching *_END_OPEN state
            return false;
        }
        if (state == SCRIPT_LT && c == '!') {
            state = SCRIPT_ESCAPE_START;
            return false;
        }
        if (state == SCRIPT_ESCAPED_LT && isLetter(c)) {
            state = SCRIPT_DOUBLE_ESCAPE_START;
            nameLength = 0;
            return true;
        }
        state = textStateOf(state);
        return true;
    }

    /**
     * Script data (double) escaped and its dash states: {@code base} is the plain state, followed in
     * the constants by its dash and dash-dash states.
     */
    private boolean escapedText(int c, int base, int lessThan) {
        if (c == '-') {
            state = Math.min(state + 1, base + 2);
        } else if (c == '<') {
            state = lessThan;
        } else if (c == '>' && state == base + 2) {
            state = SCRIPT;
        } else {
            state = base;
        }
        return false;
    }

    /** The text state that a '<' or end-tag state within it returns to when no end tag follows. */
    private static int textStateOf(int s) {
        if (s >= RAW && s <= RAW_END_NAME) {
            return RAW;
        }
        if (s >= SCRIPT && s <= SCRIPT_END_NAME) {
            return SCRIPT;
        }
        return SCRIPT_ESCAPED;
    }

    /** The last bytes read were a character that is not white space; the current one is read again. */
    private boolean textThenReconsume() {
        state = DATA;
        text(false);
        return true;
    }

    private void startName(boolean end) {
        endTag = end;
        nameLength = 0;
        state = TAG_NAME;
    }

    private void appendName(int c) {
        if (nameLength < MAX_NAME) {
            name[nameLength] = (byte) lower(c);
        }
        if (nameLength <= MAX_NAME) {
            nameLength++; // MAX_NAME + 1: too long to be any name compared here
        }
    }

    // ---- tree construction: the tokens that decide where the body starts

    /** A character token in the data state. */
    private void text(boolean whiteSpace) {
        if (templateDepth == 0 && !whiteSpace) {
            settle(); // text opens the body; a later body tag is a late one
        }
    }

    /** At the {@code >} that ends a tag. */
    private void emitTag() {
        state = DATA;
        if (endTag) {
            endTag();
        } else if (templateDepth > 0) {
            startTagInTemplate();
        } else {
            startTag();
        }
    }

    private void startTag() {
        if (nameIs(HTML)) {
            return; // only adds attributes to the html element
        }
        if (mode == BEFORE_HEAD) {
            mode = IN_HEAD; // "head" opens it; anything else opens it and is read again there
            if (nameIs(HEAD)) {
                return;
            }
        }
        if (mode == IN_HEAD && inHead()) {
            return;
        }
        mode = AFTER_HEAD; // anything else in head closes it and is read again in "after head"
        if (nameIs(BODY)) {
            found = true;
        } else if (nameIs(FRAMESET)) {
            settle();
        } else if (nameIs(HEAD) || nameIs(SCRIPT_NAME) || nameIs(TEMPLATE) || isOneOf(HEAD_VOID)
                || isOneOf(HEAD_RAW) && !nameIs(HEAD_RAW[2])) { // noscript is not among them after head
            inHead();
        } else {
            settle(); // opens the body
        }
    }

    /** The "in head" rules for a start tag; false for "anything else". */
    private boolean inHead() {
        if (nameIs(HEAD) || isOneOf(HEAD_VOID)) {
            return true;
        }
        if (nameIs(SCRIPT_NAME)) {
            raw(SCRIPT);
        } else if (isOneOf(HEAD_RAW)) {
            raw(RAW);
        } else if (nameIs(TEMPLATE)) {
            templateDepth = 1;
            modeAfterTemplate = mode;
        } else {
            return false;
        }
        return true;
    }

    /** Template content: the "in template" rules and the modes they lead to ("in body", "in table"…). */
    private void startTagInTemplate() {
        if (nameIs(TEMPLATE)) {
            templateDepth++;
        } else if (nameIs(SCRIPT_NAME)) {
            raw(SCRIPT);
        } else if (isOneOf(BODY_RAW)) {
            raw(RAW);
        } else if (nameIs(PLAINTEXT_NAME) || isOneOf(TEMPLATE_UNSURE)) {
            settle();
        }
        // everything else, body and frameset included, stays inside the template
    }

    private void endTag() {
        if (templateDepth > 0) {
            if (nameIs(TEMPLATE) && --templateDepth == 0) {
                mode = modeAfterTemplate;
            }
            return;
        }
        boolean opensBody = nameIs(BODY) || nameIs(HTML) || nameIs(BR);
        if (mode == BEFORE_HEAD && (opensBody || nameIs(HEAD))) {
            mode = IN_HEAD;
        }
        if (mode == IN_HEAD && (opensBody || nameIs(HEAD))) {
            mode = AFTER_HEAD;
            if (nameIs(HEAD)) {
                return;
            }
        }
        if (mode == AFTER_HEAD && opensBody) {
            settle();
        }
        // every other end tag before the body is ignored
    }

    private void raw(int textState) {
        state = textState;
        rawEnd = rawName(HEAD_RAW);
        if (rawEnd == null) {
            rawEnd = rawName(BODY_RAW);
        }
        if (rawEnd == null) {
            rawEnd = SCRIPT_NAME;
        }
    }

    /** The constant for the current tag name, which ends the raw text it opens. */
    private byte[] rawName(byte[][] names) {
        for (byte[] n : names) {
            if (nameIs(n)) {
                return n;
            }
        }
        return null;
    }

    private void settle() {
        state = SETTLED;
    }

    private boolean isOneOf(byte[][] names) {
        for (byte[] n : names) {
            if (nameIs(n)) {
                return true;
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

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private static int hexValue(int c) {
        if (isDigit(c)) {
            return c - '0';
        }
        int l = lower(c);
        return l >= 'a' && l <= 'f' ? l - 'a' + 10 : -1;
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
