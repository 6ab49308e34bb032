package io.tocsin.collector.mail;

import io.tocsin.core.ip.IpAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Parses one {@code Received} header (RFC 5321 section 4.4) into a {@link Hop}: the peer's address,
 * HELO name, reverse-DNS name, the receiving host and the protocol.
 *
 * <p>MTAs agree only on the clause keywords ({@code from}, {@code by}, {@code via}, {@code with},
 * {@code id}, {@code for}, then {@code ;} and a date); where they put the peer's address in the
 * {@code from} clause differs, so the parser tokenises the header (words, {@code (comments)} with
 * nesting, {@code [literals]} with an optional port) and looks for the address in this order:
 * inside a comment of the {@code from} clause (Postfix, Sendmail, Exim, Courier, qmail, Exchange,
 * CommuniGate, ecelerity: the address the receiving host saw), a literal after the first word
 * (MDaemon), and last the first word itself (Exim without reverse DNS, webmail hops). Address
 * literals are parsed strictly, never resolved: {@code [IPv6:…]}, {@code [ip]:port},
 * {@code [ip:port]}, {@code ip.port}, {@code user@ip}, IPv4-mapped IPv6.
 */
public final class ReceivedParser {

    private static final int MAX_NAME = 255;
    private static final Pattern AUTH_PROTOCOL = Pattern.compile("(?i)(e?smtp|lmtp|utf8smtp|utf8lmtp)s?a");
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,5}");

    private ReceivedParser() {
    }

    /** Parses the value of one {@code Received} header (folded or not); never throws. */
    public static Hop parse(String value) {
        List<Token> tokens = tokenize(unfold(value));
        List<Token> from = clause(tokens, "from");
        String by = firstWord(clause(tokens, "by"));
        List<Token> withClause = clause(tokens, "with");
        if (withClause == null) {
            withClause = clause(tokens, "via");
        }
        String with = firstWord(withClause);
        String auth = with != null && AUTH_PROTOCOL.matcher(with).matches() ? with : null;
        if (from == null || from.isEmpty()) {
            return new Hop(null, null, null, cut(by), cut(with), auth, true);
        }
        FromClause f = readFrom(from);
        if (auth == null && f.authenticated) {
            auth = "authenticated";
        }
        boolean local = "local".equalsIgnoreCase(with)
                || f.ip == null && f.first != null && f.first.text.equalsIgnoreCase("localhost");
        return new Hop(f.ip, cut(f.helo), cut(f.rdns), cut(by), cut(with), auth, local);
    }

    private static final class FromClause {
        Token first;
        IpAddress ip;
        String helo;
        String rdns;
        boolean heloInComment;
        boolean verified;
        boolean authenticated;
    }

    private static FromClause readFrom(List<Token> from) {
        FromClause f = new FromClause();
        Token first = from.get(0);
        f.first = first.kind == Kind.COMMENT ? null : first;
        String rdnsInComment = null;
        IpAddress commentIp = null;
        IpAddress topLiteralIp = null;
        for (int i = f.first == null ? 0 : 1; i < from.size(); i++) {
            Token t = from.get(i);
            if (t.kind == Kind.COMMENT) {
                List<Token> inner = tokenize(t.text);
                for (int j = 0; j < inner.size(); j++) {
                    Token u = inner.get(j);
                    String lower = u.text.toLowerCase(Locale.ROOT);
                    if (u.kind == Kind.LITERAL || u.kind == Kind.WORD && looksLikeAddress(u.text)) {
                        IpAddress ip = address(u.kind == Kind.LITERAL ? u.text : u.text);
                        if (ip != null && commentIp == null) {
                            commentIp = ip;
                            if (j > 0 && inner.get(j - 1).kind == Kind.WORD) {
                                rdnsInComment = hostOf(inner.get(j - 1).text);
                            }
                            if (j + 1 < inner.size() && inner.get(j + 1).text.equalsIgnoreCase("verified")) {
                                f.verified = true;
                            }
                        }
                    } else if (u.kind == Kind.WORD && lower.startsWith("helo=")) {
                        f.helo = u.text.substring(5);
                        f.heloInComment = true;
                    } else if (u.kind == Kind.WORD && lower.equals("helo") && j + 1 < inner.size() && inner.get(j + 1).kind != Kind.COMMENT) {
                        f.helo = inner.get(j + 1).text;
                        f.heloInComment = true;
                        j++;
                    } else if (lower.equals("authenticated") || lower.equals("auth:") || lower.equals("account")) {
                        f.authenticated = true;
                    }
                }
            } else if (t.kind == Kind.LITERAL && topLiteralIp == null) {
                topLiteralIp = address(t.text);
            }
        }
        IpAddress firstIp = f.first == null ? null : address(f.first.text);
        if (commentIp != null) {
            f.ip = commentIp;
        } else if (topLiteralIp != null) {
            f.ip = topLiteralIp;
        } else {
            f.ip = firstIp;
        }
        boolean firstIsPeer = f.first != null && firstIp != null && firstIp.equals(f.ip);
        if (f.heloInComment || f.verified) {
            // Exim, qmail, CommuniGate: the first word is the host name the receiver found (or "unknown")
            f.rdns = firstIp == null && f.first != null ? hostOf(f.first.text) : null;
        } else {
            f.rdns = rdnsInComment;
            if (!firstIsPeer && f.first != null) {
                f.helo = f.first.text;
            }
        }
        return f;
    }

    /** A host name as recorded, or null for the placeholders MTAs write when there is none. */
    private static String hostOf(String word) {
        String w = word;
        int colon = w.indexOf(':');
        if (w.regionMatches(true, 0, "IDENT:", 0, 6) && colon >= 0) {
            w = w.substring(colon + 1);
        }
        int at = w.lastIndexOf('@');
        if (at >= 0) {
            w = w.substring(at + 1);
        }
        String lower = w.toLowerCase(Locale.ROOT);
        if (w.isEmpty() || lower.equals("unknown") || lower.equals("unverified") || lower.equals("may")
                || address(w) != null || !Character.isLetterOrDigit(w.charAt(0))) {
            return null;
        }
        return w;
    }

    private static boolean looksLikeAddress(String word) {
        return !word.isEmpty() && (Character.isDigit(word.charAt(0)) || word.indexOf(':') >= 0 || word.indexOf('@') >= 0)
                && address(word) != null;
    }

    /**
     * The address in a literal or word: {@code [192.0.2.1]}, {@code [IPv6:2001:db8::1]},
     * {@code [192.0.2.1]:25}, {@code [192.0.2.1:25]}, {@code 192.0.2.1.25}, {@code user@192.0.2.1};
     * {@code null} when there is none. Strict literal parsing, never DNS.
     */
    static IpAddress address(String text) {
        String s = text;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                return null;
            }
            String suffix = s.substring(close + 1);
            if (!suffix.isEmpty() && !((suffix.startsWith(":") || suffix.startsWith(".")) && DIGITS.matcher(suffix.substring(1)).matches())) {
                return null;
            }
            s = s.substring(1, close);
        }
        if (s.regionMatches(true, 0, "IPv6:", 0, 5)) {
            s = s.substring(5);
        }
        IpAddress ip = IpAddress.tryParse(s);
        if (ip != null) {
            return ip;
        }
        int at = s.lastIndexOf('@');
        if (at >= 0) {
            return at + 1 < s.length() && s.indexOf('[') < 0 ? address(s.substring(at + 1)) : null;
        }
        int colon = s.lastIndexOf(':');
        if (colon > 0 && DIGITS.matcher(s.substring(colon + 1)).matches()) {
            ip = IpAddress.tryParse(s, 0, colon);
            if (ip != null && (!ip.isIpv4() || s.indexOf(':') == colon)) {
                return ip;
            }
        }
        int dot = s.lastIndexOf('.');
        if (dot > 0 && s.indexOf(':') < 0 && DIGITS.matcher(s.substring(dot + 1)).matches()) {
            ip = IpAddress.tryParse(s, 0, dot);
            if (ip != null && ip.isIpv4()) {
                return ip;
            }
        }
        return null;
    }

    private static String firstWord(List<Token> clause) {
        if (clause == null) {
            return null;
        }
        for (Token t : clause) {
            if (t.kind != Kind.COMMENT) {
                return t.text;
            }
        }
        return null;
    }

    /** The tokens after the top-level keyword {@code name} up to the next keyword; null if absent. */
    private static List<Token> clause(List<Token> tokens, String name) {
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.kind == Kind.SEMICOLON) {
                return null;
            }
            if (t.kind == Kind.WORD && t.text.equalsIgnoreCase(name)) {
                List<Token> out = new ArrayList<>();
                for (int j = i + 1; j < tokens.size(); j++) {
                    Token u = tokens.get(j);
                    if (u.kind == Kind.SEMICOLON || u.kind == Kind.WORD && isKeyword(u.text)) {
                        break;
                    }
                    out.add(u);
                }
                return out;
            }
        }
        return null;
    }

    private static boolean isKeyword(String word) {
        switch (word.toLowerCase(Locale.ROOT)) {
            case "from", "by", "via", "with", "id", "for":
                return true;
            default:
                return false;
        }
    }

    private enum Kind { WORD, COMMENT, LITERAL, SEMICOLON }

    private record Token(Kind kind, String text) {
    }

    private static String unfold(String value) {
        StringBuilder out = new StringBuilder(value.length());
        boolean space = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                space = true;
            } else {
                if (space && out.length() > 0) {
                    out.append(' ');
                }
                space = false;
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Words, balanced comments (their content, unparsed), literals with a port suffix, and ';'. */
    private static List<Token> tokenize(String s) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c == ' ') {
                i++;
            } else if (c == '(') {
                int depth = 1;
                int j = i + 1;
                while (j < n && depth > 0) {
                    char d = s.charAt(j);
                    if (d == '\\') {
                        j++;
                    } else if (d == '(') {
                        depth++;
                    } else if (d == ')') {
                        depth--;
                    }
                    j++;
                }
                tokens.add(new Token(Kind.COMMENT, s.substring(i + 1, depth == 0 ? j - 1 : Math.min(j, n))));
                i = j;
            } else if (c == ')') {
                i++; // unbalanced: ignore
            } else if (c == ';') {
                tokens.add(new Token(Kind.SEMICOLON, ";"));
                i++;
            } else if (c == '[') {
                int close = s.indexOf(']', i);
                int j = close < 0 ? n : close + 1;
                while (j < n && " ();[".indexOf(s.charAt(j)) < 0) {
                    j++; // a port: [ip]:port or [ip].port
                }
                tokens.add(new Token(Kind.LITERAL, s.substring(i, j)));
                i = j;
            } else {
                int j = i;
                while (j < n && " ();[".indexOf(s.charAt(j)) < 0) {
                    j++;
                }
                tokens.add(new Token(Kind.WORD, s.substring(i, j)));
                i = j;
            }
        }
        return tokens;
    }

    private static String cut(String s) {
        return s == null || s.length() <= MAX_NAME ? s : s.substring(0, MAX_NAME);
    }
}
