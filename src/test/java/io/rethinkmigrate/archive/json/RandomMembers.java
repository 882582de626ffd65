package io.rethinkmigrate.archive.json;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded random data members for the scanner tests: documents with nesting, every escape form, raw UTF-8
 * of 1 to 4 bytes, numbers of every JSON shape, RethinkDB pseudo-types, written with varying whitespace,
 * as a JSON array (Python json.dumps style or not) or as NDJSON / concatenated objects.
 */
final class RandomMembers {
    private static final String[] WS = {" ", "\n", "\t", "\r\n", "\r", "  \n  ", "\n\n"};
    /** Characters that tend to matter: 2, 3 and 4 bytes, BOM, line separator, the last BMP character. */
    private static final int[] SPECIAL = "é€😀\uFEFF\u2028\uFFFF".codePoints().toArray();
    private final Random rnd;

    RandomMembers(long seed) {
        this.rnd = new Random(seed);
    }

    Random random() {
        return rnd;
    }

    /** One member: its bytes and where each document starts and ends (offsets of '{' and after '}'). */
    record Member(byte[] bytes, boolean array, List<int[]> spans) {
        String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /** A valid member of {@code docs} documents, each with the top-level field {@code pk}. */
    Member member(int docs, String pk) {
        boolean array = docs == 0 || rnd.nextBoolean(); // no objects at all is an empty member
        boolean python = rnd.nextBoolean();
        Out o = new Out();
        List<int[]> spans = new ArrayList<>();
        if (rnd.nextInt(4) == 0) {
            o.ascii(WS[rnd.nextInt(WS.length)]);
        }
        if (array) {
            o.ascii("[");
        }
        for (int i = 0; i < docs; i++) {
            if (i > 0) {
                if (array) {
                    o.ascii(python ? ", " : rnd.nextBoolean() ? "," : ws() + "," + ws());
                } else {
                    o.ascii(new String[] {"\n", "", " ", "\r\n", "\n\n", "\t"}[rnd.nextInt(6)]);
                }
            } else if (array) {
                o.ascii(python ? "" : ws());
            }
            int start = o.size();
            document(o, pk, python);
            spans.add(new int[] {start, o.size()});
        }
        if (array) {
            o.ascii((python ? "" : ws()) + "]");
        }
        if (rnd.nextBoolean()) {
            o.ascii(rnd.nextBoolean() ? "\n" : ws());
        }
        return new Member(o.bytes(), array, spans);
    }

    /** A document: the primary key first or among the fields, nested values, pseudo-types. */
    void document(Out o, String pk, boolean python) {
        o.ascii("{");
        int fields = rnd.nextInt(8);
        int pkAt = pk == null ? -1 : rnd.nextInt(fields + 1);
        boolean first = true;
        for (int i = 0; i <= fields; i++) {
            if (!first) {
                o.ascii(python ? ", " : "," + ws());
            }
            first = false;
            if (i == pkAt) {
                string(o, pk);
                o.ascii(python ? ": " : ws() + ":" + ws());
                if (rnd.nextBoolean()) {
                    o.ascii(Long.toString(rnd.nextLong()));
                } else {
                    string(o, text());
                }
                continue;
            }
            string(o, name());
            o.ascii(python ? ": " : ws() + ":" + ws());
            value(o, 1, python);
        }
        o.ascii("}");
    }

    void value(Out o, int depth, boolean python) {
        int kind = rnd.nextInt(depth > 3 ? 6 : 11); // deep: scalars and empty containers only
        switch (kind) {
            case 0, 1 -> string(o, text());
            case 2, 3 -> o.ascii(number());
            case 4 -> o.ascii(new String[] {"true", "false", "null"}[rnd.nextInt(3)]);
            case 5 -> o.ascii(rnd.nextBoolean() ? "{}" : "[]");
            case 6 -> o.ascii("{\"$reql_type$\": \"TIME\", \"epoch_time\": " + (1.4e9 + rnd.nextInt(1_000_000_000) / 7.0)
                    + ", \"timezone\": \"" + (rnd.nextBoolean() ? "+00:00" : "-07:30") + "\"}");
            case 7 -> {
                byte[] blob = new byte[rnd.nextInt(200)];
                rnd.nextBytes(blob);
                String b64 = java.util.Base64.getEncoder().encodeToString(blob);
                o.ascii("{\"$reql_type$\": \"BINARY\", \"data\": \"" + b64 + "\"}");
            }
            case 8, 9 -> {
                o.ascii("[" + ws());
                int n = rnd.nextInt(5);
                for (int i = 0; i < n; i++) {
                    if (i > 0) {
                        o.ascii(python ? ", " : ws() + "," + ws());
                    }
                    value(o, depth + 1, python);
                }
                o.ascii(ws() + "]");
            }
            default -> {
                o.ascii("{" + ws());
                int n = rnd.nextInt(5);
                for (int i = 0; i < n; i++) {
                    if (i > 0) {
                        o.ascii(python ? ", " : ws() + "," + ws());
                    }
                    string(o, name());
                    o.ascii(python ? ": " : ws() + ":" + ws());
                    value(o, depth + 1, python);
                }
                o.ascii(ws() + "}");
            }
        }
    }

    /** Whitespace, mostly none. */
    String ws() {
        return rnd.nextInt(4) == 0 ? WS[rnd.nextInt(WS.length)] : "";
    }

    /** A number in one of the shapes JSON allows, as text. */
    String number() {
        switch (rnd.nextInt(8)) {
            case 0:
                return new String[] {"0", "-0", "0.0", "-0.0", "5e-324", "1.7976931348623157e+308", "9223372036854775808",
                    "-9223372036854775809", "1E400", "0e0", "0.1", "1e-7", "123456789012345678901234567890.5"}[rnd.nextInt(13)];
            case 1:
                return Long.toString(rnd.nextLong());
            case 2:
                return Integer.toString(rnd.nextInt(1000));
            case 3:
                return Double.toString(rnd.nextDouble() * Math.pow(10, rnd.nextInt(40) - 20));
            default: {
                StringBuilder sb = new StringBuilder();
                if (rnd.nextBoolean()) {
                    sb.append('-');
                }
                if (rnd.nextInt(3) == 0) {
                    sb.append('0');
                } else {
                    sb.append((char) ('1' + rnd.nextInt(9)));
                    digits(sb, rnd.nextInt(20));
                }
                if (rnd.nextBoolean()) {
                    sb.append('.');
                    digits(sb, 1 + rnd.nextInt(18));
                }
                if (rnd.nextBoolean()) {
                    sb.append(rnd.nextBoolean() ? 'e' : 'E');
                    int sign = rnd.nextInt(3);
                    if (sign > 0) {
                        sb.append(sign == 1 ? '+' : '-');
                    }
                    digits(sb, 1 + rnd.nextInt(3));
                }
                return sb.toString();
            }
        }
    }

    private void digits(StringBuilder sb, int n) {
        for (int i = 0; i < n; i++) {
            sb.append((char) ('0' + rnd.nextInt(10)));
        }
    }

    /** A field name: mostly short ASCII, sometimes anything a string can hold. */
    String name() {
        return rnd.nextInt(4) == 0 ? text() : "f" + Integer.toString(rnd.nextInt(50), 36);
    }

    /** A string value: characters of every UTF-8 length, controls, quotes, backslashes, lone surrogates last. */
    String text() {
        int len = rnd.nextInt(100) == 0 ? 500 + rnd.nextInt(5000) : rnd.nextInt(20);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < len; i++) {
            sb.appendCodePoint(codePoint());
        }
        if (rnd.nextInt(30) == 0) {
            // a lone surrogate (only last: Jackson's generator pairs a lone high half with what follows)
            sb.append((char) (rnd.nextBoolean() ? 0xD800 + rnd.nextInt(0x400) : 0xDC00 + rnd.nextInt(0x400)));
        }
        return sb.toString();
    }

    private int codePoint() {
        switch (rnd.nextInt(10)) {
            case 0:
                return rnd.nextInt(0x20); // control characters
            case 1:
                return "\"\\/\u007f ".charAt(rnd.nextInt(5));
            case 2:
                return 0x80 + rnd.nextInt(0x800 - 0x80); // 2 bytes
            case 3: {
                int c;
                do {
                    c = 0x800 + rnd.nextInt(0x10000 - 0x800); // 3 bytes, not a surrogate
                } while (Character.isSurrogate((char) c));
                return c;
            }
            case 4:
                return 0x10000 + rnd.nextInt(0x110000 - 0x10000); // 4 bytes
            case 5:
                return SPECIAL[rnd.nextInt(SPECIAL.length)];
            default:
                return 0x20 + rnd.nextInt(0x7F - 0x20); // printable ASCII
        }
    }

    /** Writes a string value with a random but valid encoding of each character. */
    void string(Out o, String s) {
        o.ascii("\"");
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            boolean escape = rnd.nextInt(3) == 0;
            if (cp == '"' || cp == '\\') {
                o.ascii(escape ? u(cp) : "\\" + (char) cp);
            } else if (cp < 0x20) {
                String shortForm = switch (cp) {
                    case '\b' -> "\\b";
                    case '\t' -> "\\t";
                    case '\n' -> "\\n";
                    case '\f' -> "\\f";
                    case '\r' -> "\\r";
                    default -> null;
                };
                o.ascii(shortForm != null && !escape ? shortForm : u(cp));
            } else if (cp == '/') {
                o.ascii(escape ? "\\/" : "/");
            } else if (Character.isSurrogate((char) cp)) {
                o.ascii(u(cp));
            } else if (cp >= 0x10000) {
                if (escape) {
                    o.ascii(u(Character.highSurrogate(cp)) + u(Character.lowSurrogate(cp)));
                } else {
                    o.utf8(cp);
                }
            } else if (escape || (cp >= 0x80 && rnd.nextBoolean())) {
                o.ascii(u(cp));
            } else {
                o.utf8(cp);
            }
        }
        o.ascii("\"");
    }

    /** A \\u escape, in lower-case hex as Python writes it, or upper-case, or mixed. */
    private String u(int unit) {
        String hex = String.format("%04x", unit);
        int style = rnd.nextInt(3);
        if (style == 1) {
            hex = hex.toUpperCase(java.util.Locale.ROOT);
        } else if (style == 2 && hex.length() == 4) {
            hex = hex.substring(0, 2).toUpperCase(java.util.Locale.ROOT) + hex.substring(2);
        }
        return "\\u" + hex;
    }

    /** Bytes being written. */
    static final class Out {
        private final ByteArrayOutputStream b = new ByteArrayOutputStream();

        void ascii(String s) {
            b.writeBytes(s.getBytes(StandardCharsets.UTF_8));
        }

        void raw(byte... bytes) {
            b.writeBytes(bytes);
        }

        void utf8(int cp) {
            b.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
        }

        int size() {
            return b.size();
        }

        byte[] bytes() {
            return b.toByteArray();
        }
    }
}
