package dev.flightdeck.dashboards;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds the metric selectors of a PromQL expression. A lexer and a scan over its tokens, not a
 * parser: it knows what is not a metric name (functions, aggregations, keywords, the label lists
 * of {@code by}/{@code on}, strings, numbers and durations) and takes every other name, with the
 * matchers in braces after it, for a selector. Whether the expression is valid is promtool's job.
 */
final class PromQlSelectors {

    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "atan2", "inf", "nan");
    /** Followed by a parenthesised list of label names, not of expressions. */
    private static final Set<String> LABEL_LIST_KEYWORDS = Set.of("by", "without", "on", "ignoring",
            "group_left", "group_right");
    /** Aggregations may put {@code by (...)} between their name and their parentheses. */
    private static final Set<String> AGGREGATIONS = Set.of("sum", "avg", "min", "max", "count", "group", "stddev",
            "stdvar", "topk", "bottomk", "quantile", "count_values", "limitk", "limit_ratio");

    private enum Kind { NAME, STRING, NUMBER, PUNCTUATION }

    private record Token(Kind kind, String text) {
        boolean is(String punctuation) {
            return kind == Kind.PUNCTUATION && text.equals(punctuation);
        }
    }

    private PromQlSelectors() {
    }

    static List<MetricSelector> of(String expr) {
        List<Token> tokens = tokens(expr);
        Set<MetricSelector> selectors = new LinkedHashSet<>();
        int i = 0;
        while (i < tokens.size()) {
            Token token = tokens.get(i);
            Token next = i + 1 < tokens.size() ? tokens.get(i + 1) : null;
            if (token.kind() == Kind.NAME) {
                String lower = token.text().toLowerCase(Locale.ROOT);
                if (LABEL_LIST_KEYWORDS.contains(lower) && next != null && next.is("(")) {
                    i = skipPast(tokens, i + 1, ")");
                } else if (KEYWORDS.contains(lower) || LABEL_LIST_KEYWORDS.contains(lower)
                        || (next != null && next.is("("))
                        || (AGGREGATIONS.contains(lower) && next != null && next.kind() == Kind.NAME
                            && LABEL_LIST_KEYWORDS.contains(next.text().toLowerCase(Locale.ROOT)))) {
                    i++;
                } else if (next != null && next.is("{")) {
                    List<MetricSelector.LabelMatcher> matchers = new ArrayList<>();
                    i = matchers(tokens, i + 2, matchers);
                    selectors.add(new MetricSelector(token.text(), matchers));
                } else {
                    selectors.add(new MetricSelector(token.text(), List.of()));
                    i++;
                }
            } else if (token.is("{")) {
                List<MetricSelector.LabelMatcher> matchers = new ArrayList<>();
                i = matchers(tokens, i + 1, matchers);
                String metric = matchers.stream().filter(m -> m.label().equals("__name__") && m.operator().equals("="))
                        .map(MetricSelector.LabelMatcher::value).findFirst().orElse("");
                selectors.add(new MetricSelector(metric, matchers));
            } else if (token.is("[")) {
                i = skipPast(tokens, i + 1, "]");
            } else {
                i++;
            }
        }
        return List.copyOf(selectors);
    }

    /** Reads {@code label op "value"} pairs up to the closing brace; returns the index after it. */
    private static int matchers(List<Token> tokens, int i, List<MetricSelector.LabelMatcher> out) {
        while (i < tokens.size() && !tokens.get(i).is("}")) {
            Token label = tokens.get(i);
            if ((label.kind() == Kind.NAME || label.kind() == Kind.STRING) && i + 2 < tokens.size()
                    && tokens.get(i + 1).kind() == Kind.PUNCTUATION && tokens.get(i + 2).kind() == Kind.STRING) {
                out.add(new MetricSelector.LabelMatcher(label.text(), tokens.get(i + 1).text(), tokens.get(i + 2).text()));
                i += 3;
            } else {
                i++;
            }
        }
        return i + 1;
    }

    private static int skipPast(List<Token> tokens, int i, String closing) {
        while (i < tokens.size() && !tokens.get(i).is(closing)) {
            i++;
        }
        return i + 1;
    }

    private static List<Token> tokens(String expr) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int n = expr.length();
        while (i < n) {
            char c = expr.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '#') {
                while (i < n && expr.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '"' || c == '\'' || c == '`') {
                StringBuilder value = new StringBuilder();
                i++;
                while (i < n && expr.charAt(i) != c) {
                    char d = expr.charAt(i);
                    if (d == '\\' && c != '`' && i + 1 < n) {
                        char e = expr.charAt(++i);
                        value.append(switch (e) {
                            case 'n' -> '\n';
                            case 't' -> '\t';
                            default -> e;
                        });
                    } else {
                        value.append(d);
                    }
                    i++;
                }
                tokens.add(new Token(Kind.STRING, value.toString()));
                i++;
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(expr.charAt(i + 1)))) {
                int start = i;
                while (i < n && isNumberPart(expr, start, i)) {
                    i++;
                }
                tokens.add(new Token(Kind.NUMBER, expr.substring(start, i)));
            } else if (Character.isLetter(c) || c == '_' || c == ':') {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(expr.charAt(i)) || expr.charAt(i) == '_' || expr.charAt(i) == ':')) {
                    i++;
                }
                tokens.add(new Token(Kind.NAME, expr.substring(start, i)));
            } else {
                String two = i + 1 < n ? expr.substring(i, i + 2) : "";
                if (two.equals("=~") || two.equals("!~") || two.equals("!=") || two.equals("==")
                        || two.equals("<=") || two.equals(">=")) {
                    tokens.add(new Token(Kind.PUNCTUATION, two));
                    i += 2;
                } else {
                    tokens.add(new Token(Kind.PUNCTUATION, String.valueOf(c)));
                    i++;
                }
            }
        }
        return tokens;
    }

    /** Numbers, durations ({@code 1h30m}) and exponents ({@code 1e-3}): letters, digits, dots, a sign after an e. */
    private static boolean isNumberPart(String expr, int start, int i) {
        char c = expr.charAt(i);
        if (Character.isLetterOrDigit(c) || c == '.' || c == '_') {
            return true;
        }
        char previous = expr.charAt(i - 1);
        return (c == '+' || c == '-') && (previous == 'e' || previous == 'E') && !expr.startsWith("0x", start);
    }
}
