package io.rethinkmigrate.engine.reql;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits the JavaScript-like text the server prints for an index into tokens: names, strings (either
 * quote, as printed: no escapes), numbers and punctuation. Whitespace and line breaks (the printer wraps long
 * functions) carry no meaning.
 */
final class QueryLexer {
    enum Kind { NAME, STRING, NUMBER, PUNCT, END }

    /** One token; {@code position} is its offset in the text, for error messages. */
    record Token(Kind kind, String text, int position) {
        boolean is(String punct) {
            return kind == Kind.PUNCT && text.equals(punct);
        }

        boolean isName(String name) {
            return kind == Kind.NAME && text.equals(name);
        }

        String describe() {
            return switch (kind) {
                case END -> "the end of the text";
                case STRING -> "string \"" + text + "\"";
                default -> "`" + text + "`";
            };
        }
    }

    private static final String PUNCTUATION = "()[]{},.:;-";

    private QueryLexer() {
    }

    static List<Token> tokens(String text) throws IndexQueryException {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (Character.isJavaIdentifierStart(c)) {
                int start = i;
                while (i < text.length() && Character.isJavaIdentifierPart(text.charAt(i))) {
                    i++;
                }
                out.add(new Token(Kind.NAME, text.substring(start, i), start));
            } else if (Character.isDigit(c)) {
                int start = i;
                i = numberEnd(text, i);
                out.add(new Token(Kind.NUMBER, text.substring(start, i), start));
            } else if (c == '"' || c == '\'') {
                StringBuilder value = new StringBuilder();
                int start = i;
                i = stringEnd(text, i, value);
                out.add(new Token(Kind.STRING, value.toString(), start));
            } else if (text.startsWith("...", i)) {
                // the server's printer writes `...` for what is nested deeper than it prints
                throw new IndexQueryException("the text is abbreviated with `...` at offset " + i
                        + " (the server does not print deeply nested functions whole)");
            } else if (PUNCTUATION.indexOf(c) >= 0) {
                out.add(new Token(Kind.PUNCT, String.valueOf(c), i));
                i++;
            } else {
                throw new IndexQueryException("unexpected character `" + c + "` at offset " + i);
            }
        }
        out.add(new Token(Kind.END, "", text.length()));
        return out;
    }

    private static int numberEnd(String text, int i) {
        i = digits(text, i);
        if (i < text.length() && text.charAt(i) == '.' && i + 1 < text.length() && Character.isDigit(text.charAt(i + 1))) {
            i = digits(text, i + 1);
        }
        if (i < text.length() && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
            int j = i + 1;
            if (j < text.length() && (text.charAt(j) == '+' || text.charAt(j) == '-')) {
                j++;
            }
            if (j < text.length() && Character.isDigit(text.charAt(j))) {
                i = digits(text, j);
            }
        }
        return i;
    }

    private static int digits(String text, int i) {
        while (i < text.length() && Character.isDigit(text.charAt(i))) {
            i++;
        }
        return i;
    }

    /**
     * Reads a quoted string starting at {@code i} into {@code value}; returns the offset after it. The
     * server prints strings as they are, between quotes, without escaping anything (a backslash in a
     * regular expression such as {@code "^\d+$"} is printed as one backslash), so there are no escapes
     * to undo: the string ends at the next quote of its kind. A string that itself contains that quote
     * cannot be told apart from its end; such a text almost always fails to parse further on (reported),
     * but a contrived one (a value like {@code a", "b} among several string arguments) would not.
     */
    private static int stringEnd(String text, int i, StringBuilder value) throws IndexQueryException {
        char quote = text.charAt(i);
        int end = text.indexOf(quote, i + 1);
        if (end < 0) {
            throw new IndexQueryException("string starting at offset " + i + " is not closed");
        }
        value.append(text, i + 1, end);
        return end + 1;
    }
}
