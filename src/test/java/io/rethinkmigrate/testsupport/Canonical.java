package io.rethinkmigrate.testsupport;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Canonical JSON text of a document, to compare documents read by different readers:
 * <ul>
 *   <li>object keys sorted (by UTF-16 code units, recursively); no whitespace; strings re-escaped
 *       the same way (non-ASCII kept as is), so {@code "\u00e9"} and {@code "é"} compare equal;</li>
 *   <li>numbers by value: {@code 1}, {@code 1.0} and {@code 1e0} are all {@code 1}
 *       ({@link BigDecimal#stripTrailingZeros}); negative zero stays {@code -0} in {@link #canonical}
 *       but becomes {@code 0} in {@link #canonicalForJs};</li>
 *   <li>the {@code data} of a {@code {"$reql_type$":"BINARY"}} object without whitespace (the server
 *       breaks base64 into MIME lines).</li>
 * </ul>
 * {@link #canonical} keeps numbers exact (for comparing our files with the official tool's).
 * {@link #canonicalForJs} rounds every number to the nearest IEEE double first: that is what the server
 * stores and what the JS driver ({@code scripts/js-reader.js}) prints (JavaScript has no -0 in JSON
 * and prints 2^63 as 9223372036854776000); use it when one side comes from {@link JsDriver}.
 */
public final class Canonical {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(Integer.MAX_VALUE).maxNestingDepth(100_000).maxNumberLength(100_000).build())
            .build();

    private Canonical() {}

    /** Exact canonical text (numbers by exact decimal value, -0 kept). */
    public static String canonical(String json) {
        return render(json, false);
    }

    /** Canonical text with numbers as doubles (-0 as 0): for comparing with JS driver output. */
    public static String canonicalForJs(String json) {
        return render(json, true);
    }

    /** {@link #canonical} of each element, in order. */
    public static List<String> canonicalAll(List<String> docs) {
        return docs.stream().map(Canonical::canonical).toList();
    }

    /** {@link #canonicalForJs} of each element, in order. */
    public static List<String> canonicalForJsAll(List<String> docs) {
        return docs.stream().map(Canonical::canonicalForJs).toList();
    }

    private static String render(String json, boolean doubles) {
        try (JsonParser p = FACTORY.createParser(json)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new IllegalArgumentException("empty JSON text");
            }
            Object v = read(p, t);
            if (p.nextToken() != null) {
                throw new IllegalArgumentException("trailing content after the JSON value: " + abbreviate(json));
            }
            StringBuilder sb = new StringBuilder();
            write(v, sb, doubles);
            return sb.toString();
        } catch (IOException e) {
            throw new UncheckedIOException("not valid JSON: " + abbreviate(json), e);
        }
    }

    /** Number kept as its source text. */
    private record Num(String text) {}

    private static Object read(JsonParser p, JsonToken t) throws IOException {
        switch (t) {
            case START_OBJECT: {
                TreeMap<String, Object> m = new TreeMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String k = p.currentName();
                    m.put(k, read(p, p.nextToken()));
                }
                Object type = m.get("$reql_type$");
                if ("BINARY".equals(type) && m.get("data") instanceof String s) {
                    m.put("data", s.replaceAll("\\s+", ""));
                }
                return m;
            }
            case START_ARRAY: {
                List<Object> l = new ArrayList<>();
                JsonToken x;
                while ((x = p.nextToken()) != JsonToken.END_ARRAY) {
                    l.add(read(p, x));
                }
                return l;
            }
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return new Num(p.getText());
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new IllegalArgumentException("unexpected JSON token " + t);
        }
    }

    private static void write(Object v, StringBuilder sb, boolean doubles) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof Boolean b) {
            sb.append(b);
        } else if (v instanceof String s) {
            quote(s, sb);
        } else if (v instanceof Num n) {
            sb.append(doubles ? doubleNumber(n.text()) : exactNumber(n.text()));
        } else if (v instanceof List<?> l) {
            sb.append('[');
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                write(l.get(i), sb, doubles);
            }
            sb.append(']');
        } else if (v instanceof Map<?, ?> m) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                quote((String) e.getKey(), sb);
                sb.append(':');
                write(e.getValue(), sb, doubles);
            }
            sb.append('}');
        } else {
            throw new IllegalStateException(String.valueOf(v));
        }
    }

    private static void quote(String s, StringBuilder sb) {
        sb.append('"');
        JsonStringEncoder.getInstance().quoteAsString(s, sb);
        sb.append('"');
    }

    /** Exact value: stripped of trailing zeros; plain digits unless the exponent is large; -0 kept. */
    static String exactNumber(String text) {
        BigDecimal d = new BigDecimal(text).stripTrailingZeros();
        if (d.signum() == 0) {
            return text.startsWith("-") ? "-0" : "0";
        }
        return format(d);
    }

    /** Value as the nearest double (what the server and JavaScript hold); -0 becomes 0. */
    static String doubleNumber(String text) {
        double x = Double.parseDouble(text);
        if (x == 0) {
            return "0";
        }
        if (Double.isInfinite(x)) {
            return x > 0 ? "Infinity" : "-Infinity";
        }
        // Double.toString is a function of the double: equal doubles give equal text.
        return format(new BigDecimal(Double.toString(x)).stripTrailingZeros());
    }

    private static String format(BigDecimal d) {
        int intDigits = d.precision() - d.scale();
        if (d.scale() <= 0 ? intDigits <= 21 : (intDigits > -7)) {
            return d.toPlainString();
        }
        return d.toString().replace("E+", "e").replace("E", "e");
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
