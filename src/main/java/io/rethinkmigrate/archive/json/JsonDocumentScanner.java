package io.rethinkmigrate.archive.json;

import io.rethinkmigrate.json.Json;
import io.rethinkmigrate.json.RawJson;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a stream of JSON objects (a JSON array of objects, or objects one after the other) into
 * documents, byte by byte, without building tokens or strings: each document is validated as strict JSON
 * (what Jackson accepts by default: no comments, NaN, single quotes, leading zeros, trailing commas, raw
 * control characters in strings) and copied as compact JSON. It replaces a Jackson parse + generate on
 * the restore path, where it was one of the main client CPU costs.
 *
 * <p>The output is the bytes Jackson's compact generator wrote for the same document, so everything
 * downstream (batch sizes, {@code --max-document-size}, verify, resume) sees what it saw before:
 * <ul>
 *   <li>whitespace outside strings dropped; numbers and raw UTF-8 copied as written;</li>
 *   <li>escapes decoded: {@code \"} and {@code \\} stay, control characters are written {@code \b \t \n
 *       \f \r} or <code>&#92;u00XX</code> (upper-case hex), an escaped surrogate pair becomes 4-byte UTF-8, a lone
 *       surrogate stays <code>&#92;uXXXX</code> (upper-case), anything else ({@code \/}, <code>&#92;u00e9</code>) becomes
 *       its raw UTF-8.</li>
 * </ul>
 * Strict UTF-8: overlong forms, encoded surrogates and code points above U+10FFFF are refused (Jackson
 * silently decoded them to other characters). A UTF-8 byte order mark at the start is skipped.
 *
 * <p>Memory: one input chunk and one document. Nesting (counting the enclosing array) is limited to
 * {@link Json#MAX_NESTING_DEPTH} and numbers to {@value #MAX_NUMBER_DIGITS} digits, as the Jackson
 * configuration of {@link Json} limits them.
 */
final class JsonDocumentScanner {
    static final int MAX_NUMBER_DIGITS = 10_000;
    private static final int CHUNK = 64 * 1024;
    private static final int SHRINK_ABOVE = 1 << 20;
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    /** String bytes copied as they are: printable ASCII but quote and backslash. */
    private static final boolean[] PLAIN = new boolean[256];

    static {
        for (int c = 0x20; c < 0x80; c++) {
            PLAIN[c] = c != '"' && c != '\\';
        }
    }

    /** A document or container the scanner refuses; {@link #line} is where the problem is. */
    static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;
        final long line;
        final boolean syntax;
        /** The member holds nothing but blanks (an import treats such a file as an empty table). */
        final boolean empty;

        Malformed(long line, String problem, boolean syntax) {
            this(line, problem, syntax, false);
        }

        Malformed(long line, String problem, boolean syntax, boolean empty) {
            super(problem, null, false, false);
            this.line = line;
            this.syntax = syntax;
            this.empty = empty;
        }

        /** What is wrong, without the line: "invalid JSON: ..." for a syntax error. */
        String problem() {
            return syntax ? "invalid JSON: " + getMessage() : getMessage();
        }
    }

    private enum State { START, ARRAY_FIRST, ARRAY_NEXT, OBJECTS, DONE }

    private final InputStream in;
    private final byte[] primaryKey;
    private final byte[] buf = new byte[CHUNK];
    private int pos;
    private int lim;
    private boolean eof;
    private byte[] out = new byte[4096];
    private int olen;
    private long line = 1;
    private State state = State.START;
    private boolean[] objectAt = new boolean[64];
    private long documentLine;
    private boolean hasPrimaryKey;

    /** @param primaryKey the top-level field {@link #hasPrimaryKey()} looks for; null: none */
    JsonDocumentScanner(InputStream in, String primaryKey) {
        this.in = in;
        this.primaryKey = primaryKey == null ? null : nameBytes(primaryKey);
    }

    /** The next document as compact JSON (a copy the caller owns), or null after the last. */
    RawJson next() throws IOException, Malformed {
        switch (state) {
            case DONE:
                return null;
            case START:
                start();
                return next();
            case OBJECTS:
                if (!atObject()) {
                    return null;
                }
                break;
            default:
                if (!atArrayElement()) {
                    return null;
                }
        }
        document();
        RawJson doc = RawJson.of(Arrays.copyOf(out, olen));
        if (out.length > SHRINK_ABOVE) {
            out = new byte[4096];
        }
        return doc;
    }

    /** Objects one after the other: true at the next one's brace, false (and done) at the end of the data. */
    private boolean atObject() throws IOException, Malformed {
        int c = nonBlank();
        if (c < 0) {
            state = State.DONE;
            return false;
        }
        if (c != '{') {
            throw unexpected(c, "expected an object, found ");
        }
        return true;
    }

    /** In the enclosing array: true at the next element's brace, false at the closing bracket (nothing may follow). */
    private boolean atArrayElement() throws IOException, Malformed {
        int c = nonBlank();
        if (c == ']') {
            pos++;
            endOfArray();
            return false;
        }
        if (state == State.ARRAY_NEXT) {
            if (c != ',') {
                throw c < 0 ? structure("unexpected end of data (unclosed array)")
                        : syntax("expected ',' or ']' after an array element, found " + show(c));
            }
            pos++;
            c = nonBlank();
            if (c == ']') {
                throw syntax("trailing comma before ']'");
            }
        }
        if (c < 0) {
            throw structure("unexpected end of data (unclosed array)");
        }
        if (c != '{') {
            throw unexpected(c, "array element is not an object but ");
        }
        state = State.ARRAY_NEXT;
        return true;
    }

    /** Whether the document last returned has the primary key among its top-level fields. */
    boolean hasPrimaryKey() {
        return hasPrimaryKey;
    }

    /** The line of the opening brace of the document last returned. */
    long documentLine() {
        return documentLine;
    }

    /** The line the scanner is on (after the document last returned). */
    long line() {
        return line;
    }

    private void start() throws IOException, Malformed {
        if (peek() == 0xEF) { // a UTF-8 byte order mark, else invalid anyway
            pos++;
            if (read() != 0xBB || read() != 0xBF) {
                throw syntax("invalid UTF-8 at the start");
            }
        }
        int c = nonBlank();
        if (c < 0) {
            throw new Malformed(line, "empty data member (expected a JSON array or objects)", false, true);
        }
        if (c == '[') {
            pos++;
            state = State.ARRAY_FIRST;
        } else if (c == '{') {
            state = State.OBJECTS;
        } else {
            throw unexpected(c, "expected a JSON array or objects, found ");
        }
    }

    private void endOfArray() throws IOException, Malformed {
        if (nonBlank() >= 0) {
            throw structure("data after the end of the array");
        }
        state = State.DONE;
    }

    // --- one document ------------------------------------------------------------------------------------

    /** Copies the object starting at the current byte ('{'), validating it. */
    private void document() throws IOException, Malformed {
        olen = 0;
        hasPrimaryKey = false;
        documentLine = line;
        int outer = state == State.OBJECTS ? 0 : 1; // the enclosing array counts towards the nesting limit
        int depth = 0;
        boolean first = true;
        open(depth++, true, outer);
        while (true) {
            int c = nonBlank();
            boolean object = objectAt[depth - 1];
            if (c == (object ? '}' : ']')) {
                pos++;
                emit(c);
                if (--depth == 0) {
                    return;
                }
                first = false;
                continue;
            }
            if (!first) {
                c = comma(c, object);
            }
            if (object) {
                c = fieldName(c, depth);
            }
            first = c == '{' || c == '[';
            if (first) {
                open(depth++, c == '{', outer);
            } else {
                scalar(c, object);
            }
        }
    }

    /** The comma before a member or element that is not the first; returns the byte after it. */
    private int comma(int c, boolean object) throws IOException, Malformed {
        if (c != ',') {
            throw c < 0 ? syntax("unexpected end of data (unclosed " + (object ? "object)" : "array)"))
                    : syntax("expected ',' or '" + (object ? '}' : ']') + "', found " + show(c));
        }
        pos++;
        emit(',');
        c = nonBlank();
        if (c == '}' || c == ']') {
            throw syntax("trailing comma before '" + (char) c + "'");
        }
        return c;
    }

    /**
     * A field name and its colon (noting the primary key among the top-level names, for the restore's
     * check); returns the first byte of the value.
     */
    private int fieldName(int c, int depth) throws IOException, Malformed {
        if (c != '"') {
            throw c < 0 ? syntax("unexpected end of data (unclosed object)")
                    : syntax("expected a field name in double quotes, found " + show(c));
        }
        pos++;
        int nameStart = olen + 1;
        string();
        if (depth == 1 && primaryKey != null && !hasPrimaryKey
                && Arrays.equals(out, nameStart, olen - 1, primaryKey, 0, primaryKey.length)) {
            hasPrimaryKey = true;
        }
        c = nonBlank();
        if (c != ':') {
            throw c < 0 ? syntax("unexpected end of data (unclosed object)")
                    : syntax("expected ':' after a field name, found " + show(c));
        }
        pos++;
        emit(':');
        return nonBlank();
    }

    /** A value that is not a container, starting with {@code c}. */
    private void scalar(int c, boolean object) throws IOException, Malformed {
        switch (c) {
            case '"' -> {
                pos++;
                string();
            }
            case 't' -> literal(TRUE);
            case 'f' -> literal(FALSE);
            case 'n' -> literal(NULL);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    number();
                } else {
                    throw c < 0 ? syntax("unexpected end of data (unclosed " + (object ? "object)" : "array)"))
                            : syntax("expected a value, found " + show(c));
                }
            }
        }
    }

    private void open(int depth, boolean object, int outer) throws Malformed {
        if (depth + 1 + outer > Json.MAX_NESTING_DEPTH) {
            throw syntax("nested deeper than " + Json.MAX_NESTING_DEPTH + " levels");
        }
        if (depth == objectAt.length) {
            objectAt = Arrays.copyOf(objectAt, depth * 2);
        }
        objectAt[depth] = object;
        pos++;
        emit(object ? '{' : '[');
    }

    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};

    private void literal(byte[] word) throws IOException, Malformed {
        for (byte b : word) {
            if (read() != b) {
                throw syntax("unrecognized token (expected '" + new String(word, java.nio.charset.StandardCharsets.US_ASCII)
                        + "')");
            }
        }
        ensure(word.length);
        System.arraycopy(word, 0, out, olen, word.length);
        olen += word.length;
    }

    /** A number exactly as written, checked against the JSON grammar. */
    private void number() throws IOException, Malformed {
        long digits = integerPart() + fraction() + exponent();
        if (digits > MAX_NUMBER_DIGITS) {
            throw syntax("number of " + digits + " digits (at most " + MAX_NUMBER_DIGITS + ")");
        }
    }

    /** The sign and integer digits (no leading zeros); returns how many digits. */
    private long integerPart() throws IOException, Malformed {
        int c = peek();
        if (c == '-') {
            pos++;
            emit('-');
            c = peek();
        }
        if (c == '0') {
            pos++;
            emit('0');
            c = peek();
            if (c >= '0' && c <= '9') {
                throw syntax("leading zeros are not allowed in numbers");
            }
            return 1;
        } else if (c >= '1' && c <= '9') {
            return digits();
        }
        throw syntax("expected a digit in a number, found " + show(c));
    }

    /** The decimal point and its digits, if there; returns how many digits. */
    private long fraction() throws IOException, Malformed {
        if (peek() != '.') {
            return 0;
        }
        pos++;
        emit('.');
        int c = peek();
        if (c < '0' || c > '9') {
            throw syntax("expected a digit after the decimal point, found " + show(c));
        }
        return digits();
    }

    /** The exponent, if there; returns how many digits. */
    private long exponent() throws IOException, Malformed {
        int c = peek();
        if (c != 'e' && c != 'E') {
            return 0;
        }
        pos++;
        emit(c);
        c = peek();
        if (c == '+' || c == '-') {
            pos++;
            emit(c);
            c = peek();
        }
        if (c < '0' || c > '9') {
            throw syntax("expected a digit in the exponent, found " + show(c));
        }
        return digits();
    }

    /** Copies a run of digits (at least one is there); returns how many. */
    private long digits() throws IOException {
        long n = 0;
        while (true) {
            if (pos == lim && !fill()) {
                return n;
            }
            int p = pos;
            int end = lim;
            byte[] b = buf;
            while (p < end) {
                byte x = b[p];
                if (x < '0' || x > '9') {
                    break;
                }
                p++;
            }
            int run = p - pos;
            if (run > 0) {
                ensure(run);
                System.arraycopy(b, pos, out, olen, run);
                olen += run;
                n += run;
                pos = p;
            }
            if (p < end) {
                return n;
            }
        }
    }

    /**
     * Copies a string whose opening quote was just consumed, up to and including its closing quote,
     * decoding escapes as described in the class comment.
     */
    private void string() throws IOException, Malformed {
        emit('"');
        int pendingHigh = -1; // an escaped high surrogate waiting for its escaped low half
        while (true) {
            if (pos == lim && !fill()) {
                throw syntax("unexpected end of data (unclosed string)");
            }
            int c = buf[pos] & 0xFF;
            if (pendingHigh >= 0 && c != '\\') {
                escapedUnit(pendingHigh);
                pendingHigh = -1;
            }
            if (PLAIN[c]) {
                plainRun();
            } else if (c == '"') {
                pos++;
                emit('"');
                return;
            } else if (c == '\\') {
                pos++;
                pendingHigh = escaped(pendingHigh);
            } else if (c >= 0x80) {
                multiByte(c);
            } else {
                throw syntax("control character " + show(c) + " inside a string (must be escaped)");
            }
        }
    }

    /** Copies the run of plain bytes at {@code pos} (at least one) in one go, up to the end of the chunk. */
    private void plainRun() {
        int p = pos + 1;
        int end = lim;
        byte[] b = buf;
        while (p < end && PLAIN[b[p] & 0xFF]) {
            p++;
        }
        int run = p - pos;
        ensure(run);
        System.arraycopy(b, pos, out, olen, run);
        olen += run;
        pos = p;
    }

    /**
     * Writes the escape whose backslash was just consumed, pairing it with {@code pendingHigh} (an escaped high
     * surrogate before it, else -1) when it is the low half; returns the high surrogate it leaves waiting, or -1.
     */
    private int escaped(int pendingHigh) throws IOException, Malformed {
        int unit = escape();
        if (pendingHigh >= 0) {
            if (Character.isLowSurrogate((char) unit)) {
                utf8(Character.toCodePoint((char) pendingHigh, (char) unit));
                return -1;
            }
            escapedUnit(pendingHigh);
        }
        if (Character.isHighSurrogate((char) unit)) {
            return unit;
        }
        unit(unit);
        return -1;
    }

    /** The UTF-16 unit an escape stands for; the backslash was consumed. */
    private int escape() throws IOException, Malformed {
        int e = read();
        switch (e) {
            case '"', '\\', '/':
                return e;
            case 'b':
                return '\b';
            case 'f':
                return '\f';
            case 'n':
                return '\n';
            case 'r':
                return '\r';
            case 't':
                return '\t';
            case 'u': {
                int v = 0;
                for (int i = 0; i < 4; i++) {
                    int h = read();
                    int d = Character.digit(h, 16);
                    if (h < 0 || h >= 0x80 || d < 0) {
                        throw h < 0 ? syntax("unexpected end of data (unclosed string)")
                                : syntax("expected a hex digit in a \\u escape, found " + show(h));
                    }
                    v = (v << 4) | d;
                }
                return v;
            }
            default:
                throw e < 0 ? syntax("unexpected end of data (unclosed string)")
                        : syntax("invalid escape \\" + (e < 0x80 ? String.valueOf((char) e) : show(e)) + " in a string");
        }
    }

    /** Writes one decoded UTF-16 unit that is not a surrogate half to be paired. */
    private void unit(int u) {
        if (u < 0x20) {
            switch (u) {
                case '\b' -> shortEscape('b');
                case '\t' -> shortEscape('t');
                case '\n' -> shortEscape('n');
                case '\f' -> shortEscape('f');
                case '\r' -> shortEscape('r');
                default -> escapedUnit(u);
            }
        } else if (u == '"' || u == '\\') {
            shortEscape(u);
        } else if (Character.isSurrogate((char) u)) {
            escapedUnit(u); // a lone half has no UTF-8 form
        } else {
            utf8(u);
        }
    }

    private void shortEscape(int c) {
        ensure(2);
        out[olen++] = '\\';
        out[olen++] = (byte) c;
    }

    private void escapedUnit(int u) {
        ensure(6);
        out[olen++] = '\\';
        out[olen++] = 'u';
        out[olen++] = HEX[(u >> 12) & 0xF];
        out[olen++] = HEX[(u >> 8) & 0xF];
        out[olen++] = HEX[(u >> 4) & 0xF];
        out[olen++] = HEX[u & 0xF];
    }

    private void utf8(int cp) {
        ensure(4);
        if (cp < 0x80) {
            out[olen++] = (byte) cp;
        } else if (cp < 0x800) {
            out[olen++] = (byte) (0xC0 | (cp >> 6));
            out[olen++] = (byte) (0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            out[olen++] = (byte) (0xE0 | (cp >> 12));
            out[olen++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
            out[olen++] = (byte) (0x80 | (cp & 0x3F));
        } else {
            out[olen++] = (byte) (0xF0 | (cp >> 18));
            out[olen++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
            out[olen++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
            out[olen++] = (byte) (0x80 | (cp & 0x3F));
        }
    }

    /** Copies one raw multi-byte UTF-8 character starting with {@code lead}, refusing invalid forms. */
    private void multiByte(int lead) throws IOException, Malformed {
        int more;
        int min2 = 0x80;
        int max2 = 0xBF;
        if (lead >= 0xC2 && lead <= 0xDF) {
            more = 1;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            more = 2;
            if (lead == 0xE0) {
                min2 = 0xA0; // overlong below
            } else if (lead == 0xED) {
                max2 = 0x9F; // surrogates above
            }
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            more = 3;
            if (lead == 0xF0) {
                min2 = 0x90;
            } else if (lead == 0xF4) {
                max2 = 0x8F; // beyond U+10FFFF above
            }
        } else {
            throw syntax("invalid UTF-8 (byte " + hex(lead) + ")");
        }
        pos++;
        ensure(more + 1);
        out[olen++] = (byte) lead;
        for (int i = 0; i < more; i++) {
            int b = read();
            if (b < 0) {
                throw syntax("unexpected end of data (unclosed string)");
            }
            if (i == 0 ? b < min2 || b > max2 : b < 0x80 || b > 0xBF) {
                throw syntax("invalid UTF-8 (byte " + hex(b) + " after " + hex(lead) + ")");
            }
            out[olen++] = (byte) b;
        }
    }

    // --- bytes -------------------------------------------------------------------------------------------

    /** Skips whitespace; returns the byte after it (0-255, not consumed), -1 at the end. */
    private int nonBlank() throws IOException {
        while (true) {
            if (pos == lim && !fill()) {
                return -1;
            }
            int c = buf[pos] & 0xFF;
            if (c > ' ') {
                return c;
            }
            if (c == ' ' || c == '\t') {
                pos++;
            } else if (c == '\n') {
                pos++;
                line++;
            } else if (c == '\r') {
                pos++;
                line++;
                if ((pos < lim || fill()) && buf[pos] == '\n') {
                    pos++; // CR LF is one line break
                }
            } else {
                return c;
            }
        }
    }

    /** The current byte (0-255) without consuming it, -1 at the end. */
    private int peek() throws IOException {
        if (pos == lim && !fill()) {
            return -1;
        }
        return buf[pos] & 0xFF;
    }

    /** Consumes and returns the current byte (0-255), -1 at the end. */
    private int read() throws IOException {
        if (pos == lim && !fill()) {
            return -1;
        }
        return buf[pos++] & 0xFF;
    }

    /** Reads the next chunk once the current one is used up; false at the end of the stream. */
    private boolean fill() throws IOException {
        while (!eof) {
            int n = in.read(buf, 0, buf.length);
            if (n < 0) {
                eof = true;
            } else if (n > 0) {
                pos = 0;
                lim = n;
                return true;
            }
        }
        return false;
    }

    private void emit(int b) {
        if (olen == out.length) {
            out = Arrays.copyOf(out, out.length * 2);
        }
        out[olen++] = (byte) b;
    }

    private void ensure(int n) {
        if (olen + n > out.length) {
            out = Arrays.copyOf(out, Math.max(olen + n, out.length * 2));
        }
    }

    // --- messages ----------------------------------------------------------------------------------------

    private Malformed syntax(String problem) {
        return new Malformed(line, problem, true);
    }

    private Malformed structure(String problem) {
        return new Malformed(line, problem, false);
    }

    /** A value where another was expected: named like the old messages ("a number"), else invalid JSON. */
    private Malformed unexpected(int c, String prefix) {
        String what = switch (c) {
            case '[' -> "an array";
            case '{' -> "an object";
            case ']' -> "']'";
            case '}' -> "'}'";
            case '"' -> "a string";
            case 't', 'f' -> "a boolean";
            case 'n' -> "null";
            case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9' -> "a number";
            default -> null;
        };
        return what != null ? structure(prefix + what) : syntax("unexpected character " + show(c));
    }

    private static String show(int c) {
        if (c < 0) {
            return "the end of data";
        }
        return c > 0x20 && c < 0x7F ? "'" + (char) c + "'" : "byte " + hex(c);
    }

    private static String hex(int b) {
        return String.format("0x%02X", b);
    }

    /** The bytes a field name of that value is copied as (see the class comment). */
    static byte[] nameBytes(String name) {
        JsonDocumentScanner s = new JsonDocumentScanner(InputStream.nullInputStream(), null);
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (Character.isHighSurrogate(ch) && i + 1 < name.length() && Character.isLowSurrogate(name.charAt(i + 1))) {
                s.utf8(Character.toCodePoint(ch, name.charAt(++i)));
            } else {
                s.unit(ch);
            }
        }
        return Arrays.copyOf(s.out, s.olen);
    }
}
