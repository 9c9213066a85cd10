package dev.mesa.worker;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough PromQL and Grafana templating for the monitoring tests: Grafana variable substitution, the vector
 * selectors an expression reads, and a "bool" form of an alert expression (its comparisons keep every series, with
 * value 0 or 1, instead of filtering them out). A small lexer, not a parser: strings, label matchers, label lists of
 * {@code by/without/on/ignoring/group_left/group_right}, range and subquery brackets and function calls are told
 * apart, which is all the dashboards and rules of this repository use.
 */
final class PromQl {
    /** The Grafana built-in intervals, as the test substitutes them (docs/METRICS.md). */
    static final Map<String, String> GRAFANA_INTERVALS = Map.of("__rate_interval", "1m", "__range", "1h",
            "__interval", "15s");
    /** {@code $name}, {@code ${name}}, {@code ${name:format}}, {@code [[name]]}. */
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)(?::[^}]*)?}|\\$(\\w+)|\\[\\[(\\w+)]]");
    private static final Set<String> COMPARISONS = Set.of("==", "!=", ">", "<", ">=", "<=");
    private static final Set<String> LABEL_LIST_KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "atan2");
    private static final Set<String> AGGREGATIONS = Set.of("sum", "min", "max", "avg", "group", "stddev", "stdvar",
            "count", "count_values", "bottomk", "topk", "quantile");

    private PromQl() {}

    /** The names of the variables {@code text} refers to (Grafana built-ins included, without their {@code $}). */
    static Set<String> variables(String text) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = VARIABLE.matcher(text);
        while (m.find()) {
            names.add(m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3));
        }
        return names;
    }

    /**
     * {@code expr} as the test sends it: Grafana's intervals replaced by {@link #GRAFANA_INTERVALS}, every other
     * variable by {@code .*} (dashboard variables are only meant for {@code =~} matchers: "all values").
     */
    static String substitute(String expr) {
        Matcher m = VARIABLE.matcher(expr);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
            String value = name.startsWith("__") ? GRAFANA_INTERVALS.get(name) : ".*";
            if (value == null) {
                throw new IllegalArgumentException("no test value for the Grafana variable $" + name + " in " + expr);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The vector selectors of {@code expr} ({@code name{matchers}} or {@code name}), in order, without repeats. */
    static List<String> selectors(String expr) {
        List<Token> tokens = lex(expr);
        Set<String> found = new LinkedHashSet<>();
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            Token next = i + 1 < tokens.size() ? tokens.get(i + 1) : null;
            if (t.kind == Kind.OPEN && t.text.equals("[")) {
                i = closing(tokens, i); // range or subquery bracket: durations only
            } else if (t.kind == Kind.OPEN && t.text.equals("{")) {
                int end = closing(tokens, i);
                found.add(expr.substring(t.start, tokens.get(end).end));
                i = end;
            } else if (t.kind == Kind.IDENT) {
                String lower = t.text.toLowerCase(java.util.Locale.ROOT);
                if (LABEL_LIST_KEYWORDS.contains(lower)) {
                    if (next != null && next.text.equals("(")) {
                        i = closing(tokens, i + 1);
                    }
                } else if (KEYWORDS.contains(lower) || AGGREGATIONS.contains(lower)
                        || (next != null && next.text.equals("("))) {
                    // an operator keyword, an aggregation (its "(" may follow a by/without clause) or a function
                } else if (next != null && next.text.equals("{")) {
                    int end = closing(tokens, i + 1);
                    found.add(expr.substring(t.start, tokens.get(end).end));
                    i = end;
                } else {
                    found.add(t.text);
                }
            }
        }
        return List.copyOf(found);
    }

    /** The metric name of a selector from {@link #selectors}, or null when it names none ({@code {__name__=...}}). */
    static String metricName(String selector) {
        int brace = selector.indexOf('{');
        String name = brace < 0 ? selector : selector.substring(0, brace);
        return name.isBlank() ? null : name.strip();
    }

    /**
     * {@code expr} with {@code bool} after every comparison operator outside label matchers: {@code x > 0.1} becomes
     * {@code x > bool 0.1}, which returns every series of {@code x} (0 or 1) where the original returns only those
     * above 0.1. Precedence is unchanged ({@code bool} is a modifier of the operator).
     */
    static String withBool(String expr) {
        List<Token> tokens = lex(expr);
        StringBuilder out = new StringBuilder(expr);
        int depth = 0;
        for (int i = tokens.size() - 1; i >= 0; i--) { // right to left: insertions do not move earlier offsets
            Token t = tokens.get(i);
            if (t.text.equals("}")) {
                depth++;
            } else if (t.text.equals("{")) {
                depth--;
            } else if (depth == 0 && t.kind == Kind.OP && COMPARISONS.contains(t.text)) {
                Token next = i + 1 < tokens.size() ? tokens.get(i + 1) : null;
                if (next == null || !next.text.equalsIgnoreCase("bool")) {
                    out.insert(t.end, " bool");
                }
            }
        }
        return out.toString();
    }

    private enum Kind { IDENT, NUMBER, STRING, OPEN, CLOSE, OP, OTHER }

    private record Token(Kind kind, String text, int start, int end) {}

    private static int closing(List<Token> tokens, int open) {
        int depth = 0;
        for (int i = open; i < tokens.size(); i++) {
            Kind k = tokens.get(i).kind;
            if (k == Kind.OPEN) {
                depth++;
            } else if (k == Kind.CLOSE && --depth == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("unbalanced brackets at offset " + tokens.get(open).start);
    }

    private static List<Token> lex(String s) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            int start = i;
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            if (c == '#') {
                while (i < s.length() && s.charAt(i) != '\n') {
                    i++;
                }
                continue;
            }
            if (c == '"' || c == '\'' || c == '`') {
                i++;
                while (i < s.length() && s.charAt(i) != c) {
                    i += s.charAt(i) == '\\' && c != '`' ? 2 : 1;
                }
                if (i >= s.length()) {
                    throw new IllegalArgumentException("unterminated string at offset " + start + " in " + s);
                }
                i++;
                tokens.add(new Token(Kind.STRING, s.substring(start, i), start, i));
            } else if (Character.isLetter(c) || c == '_' || c == ':') {
                while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_' || s.charAt(i) == ':')) {
                    i++;
                }
                tokens.add(new Token(Kind.IDENT, s.substring(start, i), start, i));
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1)))) {
                while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                    i++;
                }
                tokens.add(new Token(Kind.NUMBER, s.substring(start, i), start, i));
            } else if ("({[".indexOf(c) >= 0) {
                tokens.add(new Token(Kind.OPEN, String.valueOf(c), start, ++i));
            } else if (")}]".indexOf(c) >= 0) {
                tokens.add(new Token(Kind.CLOSE, String.valueOf(c), start, ++i));
            } else {
                String two = i + 1 < s.length() ? s.substring(i, i + 2) : "";
                if (List.of("==", "!=", ">=", "<=", "=~", "!~").contains(two)) {
                    i += 2;
                    tokens.add(new Token(Kind.OP, two, start, i));
                } else if ("=<>+-*/%^@".indexOf(c) >= 0) {
                    tokens.add(new Token(Kind.OP, String.valueOf(c), start, ++i));
                } else {
                    tokens.add(new Token(Kind.OTHER, String.valueOf(c), start, ++i));
                }
            }
        }
        return tokens;
    }
}
