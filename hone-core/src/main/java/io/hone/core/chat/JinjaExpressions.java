package io.hone.core.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Rewrites jinja2 expressions that Jinjava's EL grammar reads differently:
 * <ul>
 *   <li>Unary {@code not} binds more loosely than comparisons and tests in jinja2: {@code not x is defined} is
 *       {@code not (x is defined)} and {@code not a|length == 1} is {@code not ((a|length) == 1)}. Jinjava binds
 *       it tightly, as Java's {@code !}, which silently inverts such conditions (Llama 3.1's template uses both
 *       forms), so its operand is bracketed: up to the next top-level {@code and}, {@code or}, {@code if},
 *       {@code else}, comma, colon or closing bracket.</li>
 *   <li>{@code x[::-1]} (Qwen's templates walk {@code messages[::-1]}) has no step slicing in Jinjava and becomes
 *       {@code x|reverse}, which binds the same way unless the slice is followed by more postfix operations.</li>
 *   <li>A keyword argument's value is a whole expression in jinja2, but Jinjava binds {@code =} tightly:
 *       {@code namespace(i=messages|length - 1)} would subtract from the named parameter. Values that span
 *       several tokens are bracketed.</li>
 * </ul>
 */
final class JinjaExpressions {
    /** Words after which a {@code not} starts an operand (other names end one: {@code x not in y}, {@code is not}). */
    private static final Set<String> BEFORE_OPERAND = Set.of("and", "or", "not", "if", "elif", "else", "print", "do");
    private static final Set<String> ENDS_OPERAND = Set.of("and", "or", "if", "else");

    private record Token(String text, int start, int end, boolean word, boolean literal) {}

    private JinjaExpressions() {}

    /** Rewrites the content of a {@code {{ }}} or {@code {% %}} tag. */
    static String rewrite(String expr) {
        List<Token> tokens = tokenize(expr);
        boolean definition = !tokens.isEmpty() && (tokens.get(0).text.equals("macro") || tokens.get(0).text.equals("call"));
        if (!tokens.isEmpty() && tokens.get(0).text.equals("for") && hasLoopFilter(tokens)) {
            // Jinjava reads `xs if c` as a conditional expression and silently loops over nothing
            throw new IllegalArgumentException("loop filters ({% for x in xs if condition %}) are not supported: " + expr.strip());
        }
        // macro parameter defaults are parsed by Jinjava's macro tag, which brackets would confuse
        return notPrecedence(definition ? reverseSlices(expr) : keywordArguments(reverseSlices(expr)));
    }

    /** A top-level {@code if} after {@code in} in a for tag (jinja2 parses the iterable without conditionals). */
    private static boolean hasLoopFilter(List<Token> tokens) {
        int depth = 0;
        boolean afterIn = false;
        for (Token t : tokens) {
            if (t.text.equals("(") || t.text.equals("[") || t.text.equals("{")) {
                depth++;
            } else if (t.text.equals(")") || t.text.equals("]") || t.text.equals("}")) {
                depth--;
            } else if (depth == 0 && t.word && t.text.equals("in")) {
                afterIn = true;
            } else if (depth == 0 && afterIn && t.word && t.text.equals("if")) {
                return true;
            }
        }
        return false;
    }

    private static String keywordArguments(String expr) {
        if (!expr.contains("=")) {
            return expr;
        }
        List<Token> tokens = tokenize(expr);
        int[] opens = new int[expr.length() + 1];
        int[] closes = new int[expr.length() + 1];
        boolean changed = false;
        int depth = 0;
        for (int i = 0; i < tokens.size(); i++) {
            String s = tokens.get(i).text;
            if (s.equals("(") || s.equals("[") || s.equals("{")) {
                depth++;
            } else if (s.equals(")") || s.equals("]") || s.equals("}")) {
                depth--;
            } else if (depth > 0 && s.equals("=") && i > 0 && tokens.get(i - 1).word && i + 1 < tokens.size()
                    && !tokens.get(i + 1).text.equals("=")) {
                int last = operandEnd(tokens, i + 1, Set.of());
                if (last > i + 1) {
                    opens[tokens.get(i + 1).start]++;
                    closes[tokens.get(last).end]++;
                    changed = true;
                }
            }
        }
        return changed ? insert(expr, opens, closes) : expr;
    }

    private static String reverseSlices(String expr) {
        if (!expr.contains("::")) {
            return expr;
        }
        List<Token> tokens = tokenize(expr);
        StringBuilder out = new StringBuilder();
        int copied = 0;
        String[] pattern = {"[", ":", ":", "-", "1", "]"};
        for (int i = 0; i + pattern.length <= tokens.size(); i++) {
            boolean match = true;
            for (int k = 0; k < pattern.length && match; k++) {
                match = tokens.get(i + k).text.equals(pattern[k]);
            }
            if (match && i > 0) {
                out.append(expr, copied, tokens.get(i).start).append("|reverse");
                copied = tokens.get(i + pattern.length - 1).end;
                i += pattern.length - 1;
            }
        }
        return out.append(expr.substring(copied)).toString();
    }

    private static String notPrecedence(String expr) {
        if (!expr.contains("not")) {
            return expr;
        }
        List<Token> tokens = tokenize(expr);
        int[] opens = new int[expr.length() + 1];  // "(" inserted before offset
        int[] closes = new int[expr.length() + 1]; // ")" inserted before offset
        boolean changed = false;
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (!(t.word && t.text.equals("not")) || !startsOperand(i == 0 ? null : tokens.get(i - 1))) {
                continue;
            }
            int last = operandEnd(tokens, i + 1, ENDS_OPERAND);
            if (last > i + 1) { // more than one token: the grouping matters
                opens[tokens.get(i + 1).start]++;
                closes[tokens.get(last).end]++;
                changed = true;
            }
        }
        return changed ? insert(expr, opens, closes) : expr;
    }

    /** Inserts {@code closes[i]} ")" and then {@code opens[i]} "(" before each offset i. */
    private static String insert(String expr, int[] opens, int[] closes) {
        StringBuilder out = new StringBuilder(expr.length() + 8);
        for (int pos = 0; pos <= expr.length(); pos++) {
            out.append(")".repeat(closes[pos])).append("(".repeat(opens[pos]));
            if (pos < expr.length()) {
                out.append(expr.charAt(pos));
            }
        }
        return out.toString();
    }

    private static boolean startsOperand(Token previous) {
        if (previous == null) {
            return true;
        }
        if (previous.word) {
            return BEFORE_OPERAND.contains(previous.text);
        }
        return !previous.literal && !previous.text.equals(")") && !previous.text.equals("]") && !previous.text.equals("}");
    }

    /** Index of the last token of the expression starting at {@code from}, ended by {@code stopWords} and the like. */
    private static int operandEnd(List<Token> tokens, int from, Set<String> stopWords) {
        int depth = 0;
        int last = from - 1;
        for (int j = from; j < tokens.size(); j++) {
            Token t = tokens.get(j);
            String s = t.text;
            if (depth == 0 && ((t.word && stopWords.contains(s)) || s.equals(",") || s.equals(":")
                    || s.equals(")") || s.equals("]") || s.equals("}"))) {
                break;
            }
            if (s.equals("(") || s.equals("[") || s.equals("{")) {
                depth++;
            } else if (s.equals(")") || s.equals("]") || s.equals("}")) {
                depth--;
            }
            last = j;
        }
        return last;
    }

    private static List<Token> tokenize(String s) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            int start = i;
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            if (c == '\'' || c == '"') {
                i++;
                while (i < s.length() && s.charAt(i) != c) {
                    i += s.charAt(i) == '\\' ? 2 : 1;
                }
                i = Math.min(i + 1, s.length());
                out.add(new Token(s.substring(start, i), start, i, false, true));
            } else if (Character.isLetter(c) || c == '_') {
                while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
                    i++;
                }
                out.add(new Token(s.substring(start, i), start, i, true, false));
            } else if (Character.isDigit(c)) {
                while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                    i++;
                }
                out.add(new Token(s.substring(start, i), start, i, false, true));
            } else {
                i++;
                out.add(new Token(s.substring(start, i), start, i, false, false));
            }
        }
        return out;
    }
}
