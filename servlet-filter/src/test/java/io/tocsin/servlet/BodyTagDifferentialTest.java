package io.tocsin.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.tocsin.servlet.html.BodyTagScanner;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import nu.validator.htmlparser.impl.HtmlAttributes;
import nu.validator.htmlparser.impl.Tokenizer;
import nu.validator.htmlparser.impl.TreeBuilder;
import nu.validator.htmlparser.impl.UTF16Buffer;
import org.junit.jupiter.api.Test;
import org.xml.sax.SAXException;

/**
 * The scanner against a spec-conformant HTML5 parser (Validator.nu's, the one Firefox's parser is
 * generated from, with scripting on as in a visitor's browser) on generated documents: where the
 * reference creates the body element from a {@code <body…>} start tag, the scanner must point right
 * after that tag; where it does not (no such tag, a late one, a frameset), the scanner must point
 * nowhere. Documents are built from pieces chosen for the tokenizer's corners (html5lib-tests style:
 * escaped script data, comments that end early or never, raw text and RCDATA, templates, foreign
 * content and CDATA, framesets, character references) and fed to the scanner in random pieces.
 * Seeded, so every failure reproduces; the seed and document are in the message.
 */
class BodyTagDifferentialTest {

    private static final String XHTML = "http://www.w3.org/1999/xhtml";

    static {
        // the parser's internal assertions trip over its own buffer bookkeeping (strBufLen) on some
        // inputs; its results are right without them
        BodyTagDifferentialTest.class.getClassLoader().setPackageAssertionStatus("nu.validator.htmlparser.impl", false);
    }

    /** Pieces of a document; body candidates are added between them, and every one is numbered. */
    private static final String[] PIECES = {
        "", " ", "\n", "\r\n", "\t", "\f", "x", "text ", "&amp;", "&#32;", "&#x20;", "&#9", "&#10;", "&#13;", "&#0;",
        "&#x0C;", "&Tab;", "&NewLine;", "&Tab", "&nbsp;", "&", "&#", "&#x", "&#xZ", "&#1114112;",
        "<!DOCTYPE html>", "<!doctype html PUBLIC \"-//W3C//DTD>\" 'x'>", "<!DOCTYPE html SYSTEM 'about:legacy-compat'>",
        "<html>", "<html lang=en>", "<HTML>", "</html>", "<head>", "</head>", "<HEAD >", "</head foo='>'>",
        "<head/>", "</head >", "<meta charset=utf-8>", "<link rel=stylesheet href=x.css>", "<base href=/>",
        "<meta name=x content='<body>'>", "<meta content=\"a>b\">", "<meta \"=x>", "<meta a=\"\" b>", "<link/>",
        "<meta/ x>", "<meta a='x'b>", "<meta =a>", "<basefont>", "<bgsound>",
        "<title>", "</title>", "<title>a <body> b</title>", "<title>x</titlex></title>", "<TITLE>t</TITLE >",
        "<style>", "</style>", "<style>p{}<body></style>", "<style>/* </sty */</style>", "</style foo=\">\">",
        "<script>", "</script>", "<script>a<b</script>", "<script><!--", "-->", "--", "-", "<!--<script>",
        "</script>-->", "<script", "</script ", "<script>", "<!--<script </script>", "<SCRIPT>", "</SCRIPT>",
        "<script><!--<script></script><body>--></script>", "<script><!-- <script>x</script> --></script>",
        "<script>-->", "<!--<", "</", "<", "!", "<!", "</scrip", "t>", "<script/>", "</script/>",
        "<noscript>", "</noscript>", "<noscript><body></noscript>", "<noscript><link></noscript>",
        "<noframes><body></noframes>", "<noframes>", "</noframes>",
        "<template>", "</template>", "<template><body></template>", "<template><template></template>",
        "<template><div>", "<template><tr>", "<template><table><td>", "<template><colgroup>",
        "<textarea>", "</textarea>", "<xmp>", "</xmp>", "<iframe>", "</iframe>", "<noembed>", "</noembed>",
        "<plaintext>", "<frameset>", "</frameset>", "<frame>", "<frameset><frame></frameset>",
        "<svg>", "</svg>", "<svg><title><body></title></svg>", "<math>", "</math>", "<![CDATA[<body>]]>",
        "<svg><![CDATA[ > <body> ]]></svg>", "<svg><style><body></style></svg>", "<math><mi><body>",
        "<select>", "</select>", "<col>", "<table>", "<td>", "<option>",
        "<div>", "</div>", "<p>", "</p>", "</br>", "</body>", "<br>", "<img src=x>", "<input>", "<span>",
        "<!---->", "<!-->", "<!--->", "<!-- -- -->", "<!-- --!>", "<!--!-->", "<!-- <!-- -->", "<!--->-->",
        "<!-- a", "<!-- <body> -->", "<!--", "<!-", "<!x>", "<?php x ?>", "<?xml version=\"1.0\"?>", "</ x>", "</>",
        "<3", "< body>", "<bodyx>", "<bod>", "</body foo>", "<head><body>", "<!--<body-->",
    };

    private static final String[] BODY_FORMS = {
        "<body data-b=%d>", "<BODY data-b=%d>", "<body\tdata-b=%d class=\"x>y\">", "<body data-b=%d />", "<body data-b=\"%d\"/>",
        "<body data-b=%d onload='a<b'>", "<Body data-b='%d' >", "<body data-b=%d\n>",
    };

    @Test
    void findsTheBodyTagWhereTheReferenceParserOpensTheBody() throws Exception {
        Random random = new Random(20261202L);
        int documents = 30_000;
        int opened = 0;
        int abstained = 0;
        for (int n = 0; n < documents; n++) {
            long seed = random.nextLong();
            Generated doc = generate(new Random(seed));
            int opener = referenceOpener(doc.text);
            int expected = opener < 0 ? -1 : doc.candidateEnds.get(opener);
            int actual = scanInPieces(doc.bytes(), new Random(seed ^ 0x5DEECE66DL));
            if (expected >= 0) {
                opened++;
            }
            if (expected >= 0 && actual < 0 && unsureTemplate(doc.text)) {
                abstained++; // allowed: the scanner leaves pages it cannot follow alone
                continue;
            }
            assertThat(actual).as("document %d (seed %d), reference opens the body at candidate %d: %s",
                    n, seed, opener, printable(doc.text)).isEqualTo(expected);
        }
        System.out.printf("body-tag differential: %d documents, %d with a body opened by a tag, %d abstained%n",
                documents, opened, abstained);
        // the generator must exercise both outcomes, and abstaining must stay the exception
        assertThat(opened).isBetween(documents / 5, documents * 4 / 5);
        assertThat(abstained).isLessThan(documents / 50);
    }

    @Test
    void aByteOrderMarkAtTheStartIsNotText() {
        byte[] doc = ("\uFEFF<!DOCTYPE html><body>").getBytes(StandardCharsets.UTF_8);
        assertThat(new BodyTagScanner().scan(doc, 0, doc.length)).isEqualTo(doc.length);
        byte[] late = ("<!DOCTYPE html>\uFEFF<body>").getBytes(StandardCharsets.UTF_8);
        BodyTagScanner scanner = new BodyTagScanner();
        assertThat(scanner.scan(late, 0, late.length)).isEqualTo(-1);
        assertThat(scanner.settled()).isTrue();
    }

    /** Template content with constructs the scanner deliberately does not follow. */
    private static boolean unsureTemplate(String doc) {
        String lower = doc.toLowerCase();
        return lower.contains("<template") && (lower.contains("<svg") || lower.contains("<math")
                || lower.contains("<select") || lower.contains("<col"));
    }

    private static int scanInPieces(byte[] bytes, Random random) {
        BodyTagScanner scanner = new BodyTagScanner();
        int at = 0;
        while (at < bytes.length) {
            int end = Math.min(bytes.length, at + 1 + random.nextInt(random.nextBoolean() ? 3 : 40));
            int found = scanner.scan(bytes, at, end);
            if (found >= 0) {
                assertThat(scanner.found()).isTrue();
                return found;
            }
            at = end;
        }
        return -1;
    }

    private record Generated(String text, List<Integer> candidateEnds) {
        byte[] bytes() {
            return text.getBytes(StandardCharsets.ISO_8859_1);
        }
    }

    private static Generated generate(Random random) {
        StringBuilder sb = new StringBuilder();
        List<Integer> ends = new ArrayList<>();
        int pieces = 1 + random.nextInt(9);
        int candidates = 1 + random.nextInt(3);
        int[] slots = new int[candidates];
        for (int i = 0; i < candidates; i++) {
            slots[i] = random.nextInt(pieces + 1);
        }
        boolean structured = random.nextInt(3) == 0; // most real pages start like this
        if (structured) {
            sb.append("<!DOCTYPE html>\n<html><head>");
        }
        for (int p = 0; p <= pieces; p++) {
            for (int slot : slots) {
                if (slot == p) {
                    String form = BODY_FORMS[random.nextInt(BODY_FORMS.length)];
                    sb.append(String.format(form, ends.size()));
                    ends.add(sb.length());
                }
            }
            if (p < pieces) {
                // a body tag inside a piece is numbered too: wherever it lands, it may be the one
                String[] parts = PIECES[random.nextInt(PIECES.length)].split("<body>", -1);
                for (int i = 0; i < parts.length; i++) {
                    if (i > 0) {
                        sb.append("<body data-b=").append(ends.size()).append('>');
                        ends.add(sb.length());
                    }
                    sb.append(parts[i]);
                }
            }
        }
        sb.append("\n<p>after</p>");
        return new Generated(sb.toString(), ends);
    }

    /** The candidate whose tag the reference parser creates the body element from, or -1. */
    static int referenceOpener(String doc) throws SAXException {
        Recorder recorder = new Recorder();
        recorder.setScriptingEnabled(true);
        Tokenizer tokenizer = new Tokenizer(recorder, false);
        char[] chars = doc.toCharArray();
        tokenizer.start();
        UTF16Buffer buffer = new UTF16Buffer(chars, 0, chars.length);
        boolean lastWasCr = false;
        while (buffer.hasMore()) {
            buffer.adjust(lastWasCr);
            lastWasCr = false;
            if (buffer.hasMore()) {
                lastWasCr = tokenizer.tokenizeBuffer(buffer);
            }
        }
        tokenizer.eof();
        tokenizer.end();
        return recorder.opener;
    }

    private static String printable(String s) {
        return s.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t").replace("\f", "\\f");
    }

    /** A tree builder that builds nothing and notes which tag the body element was created from. */
    private static final class Recorder extends TreeBuilder<Object> {
        int opener = -1;
        boolean bodySeen;

        @Override
        protected Object createElement(String ns, String name, HtmlAttributes attributes, Object intendedParent) {
            if (!bodySeen && XHTML.equals(ns) && "body".equals(name)) {
                bodySeen = true;
                for (int i = 0; i < attributes.getLength(); i++) {
                    if ("data-b".equals(attributes.getLocalName(i))) {
                        opener = Integer.parseInt(attributes.getValue(i));
                    }
                }
            }
            return new Object();
        }

        @Override
        protected Object createHtmlElementSetAsRoot(HtmlAttributes attributes) {
            return new Object();
        }

        @Override
        protected void detachFromParent(Object element) {
        }

        @Override
        protected boolean hasChildren(Object element) {
            return false;
        }

        @Override
        protected void appendElement(Object child, Object newParent) {
        }

        @Override
        protected void appendChildrenToNewParent(Object oldParent, Object newParent) {
        }

        @Override
        protected void insertFosterParentedChild(Object child, Object table, Object stackParent) {
        }

        @Override
        protected Object createAndInsertFosterParentedElement(String ns, String name, HtmlAttributes attributes,
                Object table, Object stackParent) {
            return new Object();
        }

        @Override
        protected void insertFosterParentedCharacters(char[] buf, int start, int length, Object table,
                Object stackParent) {
        }

        @Override
        protected void appendCharacters(Object parent, char[] buf, int start, int length) {
        }

        @Override
        protected void appendComment(Object parent, char[] buf, int start, int length) {
        }

        @Override
        protected void appendCommentToDocument(char[] buf, int start, int length) {
        }

        @Override
        protected void addAttributesToElement(Object element, HtmlAttributes attributes) {
        }
    }
}
