package io.tocsin.servlet.html;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Where the scanner says the opening body tag ends: {@code |} marks the expected spot, none means no tag. */
class BodyTagScannerTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '~', quoteCharacter = '`', value = {
        "<html><body>|<p>x</p>",
        "<BODY>|",
        "<BoDy\t class=a>|",
        "<body/>|",
        "<body class=\"a>b\" data-x='c>d'>|",
        "<body data-x=a>|b>",
        "<!-- <body> --><body>|",
        "<!--><body>|",
        "<!---><body>|",
        "<!-- a -- b --!><body>|",
        "<!DOCTYPE html><body>|",
        "<?xml version=\"1.0\"?><body>|",
        "<script>document.write('<body>')</script><body>|",
        "<script>x</scripty> <body> </script><body>|",
        "<SCRIPT>a</SCRIPT ><body>|",
        "<style>body > p {}</style><body>|",
        "<title><body></title><body>|",
        "<textarea><body></textarea><body>", // a textarea opens the body
        "<noscript><body></noscript><body>|",
        "<template><body></template><body>|",
        "<template><template></template><body></template><body>|",
        "<template><script></template></script></template><body>|",
        "<meta content=\"<body>\"><body>|",
        "<head><meta name=a content='>'></head>\n<body>|",
        "\n \t<!-- x --><html>\n<head>\n<title>t</title></head>\n<body class=x>|",
        "<script><!--<script></script><body>--></script><body>|",
        "<script><!--<script </script>x</script><body>|",
        "<script>a<!--b</script><body>|",
        "<noframes><body></noframes><body>|",
        "&#32;&Tab;<body>|",
        "</head></p></div><body>|",
        // the body is already open before these tags (late body tags): no banner
        "<div title=\"<body>\"><body>",
        "<bodyx><body>",
        "</body><body>",
        "</br><body>",
        "a < body <body>",
        "<<body>",
        "&nbsp;<body>",
        "<svg><![CDATA[<body>]]></svg><body>",
        "<svg><title><body></title></svg>",
        "<math><mi><body>",
        "<select><option><body>",
        "<head></head><noscript></noscript><body>",
        // a frameset document: browsers ignore the body tag
        "<frameset><frame></frameset><body>",
        "<template><body></template><frameset><body>",
        "<p>no body tag",
        "<plaintext><body>",
        "<script><body>",
        "<!-- <body>",
        "<template><body>",
    })
    void findsTheRealBodyTag(String marked) {
        String doc = marked.replace("|", "");
        int expected = marked.indexOf('|');
        byte[] bytes = doc.getBytes(StandardCharsets.UTF_8);
        BodyTagScanner whole = new BodyTagScanner();
        assertThat(whole.scan(bytes, 0, bytes.length)).as("in one piece: %s", marked).isEqualTo(expected);
        BodyTagScanner bytewise = new BodyTagScanner();
        int found = -1;
        for (int i = 0; i < bytes.length && found < 0; i++) {
            found = bytewise.scan(bytes, i, i + 1);
        }
        assertThat(found).as("one byte at a time: %s", marked).isEqualTo(expected);
    }
}
