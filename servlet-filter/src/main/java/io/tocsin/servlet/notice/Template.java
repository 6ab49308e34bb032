package io.tocsin.servlet.notice;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A text with placeholders: {@code {{name}}} is replaced by the HTML-escaped value, {@code {{{name}}}}
 * by the value as it is (for fragments Tocsin rendered itself). A name with no value becomes empty.
 * Parsed once; rendering is a walk over the parts. Thread-safe.
 */
final class Template {

    private final List<String> literals = new ArrayList<>();
    private final List<String> names = new ArrayList<>();
    private final List<Boolean> raw = new ArrayList<>();

    private Template(String text) {
        int pos = 0;
        while (true) {
            int open = text.indexOf("{{", pos);
            if (open < 0) {
                break;
            }
            boolean triple = text.startsWith("{{{", open);
            String closer = triple ? "}}}" : "}}";
            int nameStart = open + (triple ? 3 : 2);
            int close = text.indexOf(closer, nameStart);
            if (close < 0) {
                break;
            }
            String name = text.substring(nameStart, close).trim();
            if (!name.matches("[A-Za-z0-9._-]+")) {
                // not a placeholder: keep the braces as text
                literals.add(text.substring(pos, nameStart));
                names.add(null);
                raw.add(Boolean.FALSE);
                pos = nameStart;
                continue;
            }
            literals.add(text.substring(pos, open));
            names.add(name);
            raw.add(triple);
            pos = close + closer.length();
        }
        literals.add(text.substring(pos));
    }

    static Template parse(String text) {
        return new Template(text);
    }

    String render(Map<String, String> values) {
        StringBuilder sb = new StringBuilder(256);
        for (int i = 0; i < names.size(); i++) {
            sb.append(literals.get(i));
            String name = names.get(i);
            if (name != null) {
                String value = values.get(name);
                sb.append(raw.get(i) ? (value == null ? "" : value) : Html.escape(value));
            }
        }
        sb.append(literals.get(literals.size() - 1));
        return sb.toString();
    }
}
