package io.tocsin.core.crowdsec;

import io.tocsin.core.Category;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Maps a decision's scenario to a category: the first matching pattern wins, else the default.
 * Written {@code crowdsecurity/ssh-bf=attacker,*botnet*=infected}; {@code *} matches any text.
 */
final class ScenarioCategories {

    private record Rule(Pattern pattern, Category category) {
    }

    private final List<Rule> rules;
    private final Category fallback;

    private ScenarioCategories(List<Rule> rules, Category fallback) {
        this.rules = List.copyOf(rules);
        this.fallback = Objects.requireNonNull(fallback, "fallback");
    }

    static ScenarioCategories all(Category category) {
        return new ScenarioCategories(List.of(), category);
    }

    /** @throws IllegalArgumentException naming the bad entry */
    static ScenarioCategories parse(String text, Category fallback) {
        List<Rule> rules = new ArrayList<>();
        for (String raw : text.split(",")) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            int eq = entry.lastIndexOf('=');
            if (eq <= 0 || eq == entry.length() - 1) {
                throw new IllegalArgumentException("\"" + entry + "\" is not scenario=category");
            }
            String glob = entry.substring(0, eq).trim();
            Category category = Category.of(entry.substring(eq + 1).trim());
            StringBuilder regex = new StringBuilder();
            String[] parts = glob.split("\\*", -1);
            for (int i = 0; i < parts.length; i++) {
                if (i > 0) {
                    regex.append(".*");
                }
                regex.append(Pattern.quote(parts[i]));
            }
            String r = regex.toString();
            rules.add(new Rule(Pattern.compile(r), category));
        }
        return new ScenarioCategories(rules, fallback);
    }

    Category of(String scenario) {
        for (Rule rule : rules) {
            if (rule.pattern.matcher(scenario).matches()) {
                return rule.category;
            }
        }
        return fallback;
    }
}
