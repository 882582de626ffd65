package io.rethinkmigrate.engine.verify;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.rethinkmigrate.json.Json;
import io.rethinkmigrate.json.RawJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * The canonical form of a document that verify hashes (specified in docs/verify.md): the same document
 * read from an archive or from a server, with keys in any order, numbers written differently
 * ({@code 1.0}, {@code 1}, {@code 1e0}) or BINARY base64 broken into MIME lines or not, gives the same
 * bytes. Compact UTF-8 JSON:
 * <ul>
 *   <li>object keys sorted by their UTF-8 bytes (= code point order), no whitespace;</li>
 *   <li>a number as its exact decimal value: {@code 0}/{@code -0} for zeros (the sign is kept, as the
 *       archive keeps {@code -0.0}); else in plain decimal notation without trailing zeros ({@code 1.50} →
 *       {@code 1.5}, {@code 1e2} → {@code 100}) when that takes at most 32 characters, else
 *       {@code <unscaled>e<exponent>} with no trailing zeros in the unscaled integer ({@code 5e-324});</li>
 *   <li>a string with only {@code "}, {@code \} and U+0000–U+001F escaped ({@code \"}, {@code \\},
 *       {@code &#92;u00XX} lower-case), lone surrogates as {@code &#92;uXXXX}, everything else raw UTF-8;</li>
 *   <li>a BINARY pseudo-type's {@code data} re-encoded as standard base64 on one line, padded;</li>
 *   <li>arrays in their order; {@code true}, {@code false}, {@code null}.</li>
 * </ul>
 * Streaming: memory is a few copies of one document.
 */
public final class CanonicalJson {
    /** Longer plain decimals are written with an exponent (5e-324 would otherwise take 326 characters). */
    static final int MAX_PLAIN_NUMBER = 32;
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] REQL_TYPE = "$reql_type$".getBytes(StandardCharsets.UTF_8);
    private static final byte[] DATA = "data".getBytes(StandardCharsets.UTF_8);

    /** A document's canonical bytes and those of its primary key value (null when it has none). */
    public record Document(byte[] canonical, byte[] primaryKey) {
        public String primaryKeyText() {
            return primaryKey == null ? "(no primary key)" : new String(primaryKey, StandardCharsets.UTF_8);
        }
    }

    private CanonicalJson() {
    }

    /** Canonical form of a whole JSON value given as text. */
    public static String canonical(String json) {
        return new String(of(RawJson.of(json), null).canonical(), StandardCharsets.UTF_8);
    }

    /** Canonical form of a document and of its top-level field {@code primaryKey} (may be null). */
    public static Document of(RawJson json, String primaryKey) {
        try (JsonParser p = Json.factory().createParser(json.buffer(), json.offset(), json.length())) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new IllegalArgumentException("empty JSON");
            }
            byte[][] pk = new byte[1][];
            byte[] canonical = value(p, primaryKey == null ? null : primaryKey.getBytes(StandardCharsets.UTF_8), pk);
            return new Document(canonical, pk[0]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One field of an object being canonicalized. */
    private record Field(byte[] key, byte[] value, String text) {
    }

    /** Canonical bytes of the value at the parser's current token; captures the top-level key field. */
    private static byte[] value(JsonParser p, byte[] keyName, byte[][] keyOut) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> object(p, out, keyName, keyOut);
            case START_ARRAY -> {
                out.write('[');
                boolean first = true;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    if (!first) {
                        out.write(',');
                    }
                    first = false;
                    out.writeBytes(value(p, null, null));
                }
                out.write(']');
            }
            case VALUE_STRING -> string(p.getText(), out);
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> out.writeBytes(number(p.getText()).getBytes(StandardCharsets.US_ASCII));
            case VALUE_TRUE -> out.writeBytes("true".getBytes(StandardCharsets.US_ASCII));
            case VALUE_FALSE -> out.writeBytes("false".getBytes(StandardCharsets.US_ASCII));
            case VALUE_NULL -> out.writeBytes("null".getBytes(StandardCharsets.US_ASCII));
            default -> throw new IOException("unexpected JSON token " + t);
        }
        return out.toByteArray();
    }

    private static void object(JsonParser p, ByteArrayOutputStream out, byte[] keyName, byte[][] keyOut) throws IOException {
        List<Field> fields = new ArrayList<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            byte[] key = p.currentName().getBytes(StandardCharsets.UTF_8);
            JsonToken v = p.nextToken();
            String text = v == JsonToken.VALUE_STRING ? p.getText() : null;
            byte[] canonical = value(p, null, null);
            fields.add(new Field(key, canonical, text));
            if (keyName != null && Arrays.equals(key, keyName)) {
                keyOut[0] = canonical;
            }
        }
        fields.sort((a, b) -> Arrays.compareUnsigned(a.key(), b.key()));
        boolean binary = fields.stream().anyMatch(f -> Arrays.equals(f.key(), REQL_TYPE) && "BINARY".equals(f.text()));
        out.write('{');
        for (int i = 0; i < fields.size(); i++) {
            Field f = fields.get(i);
            if (i > 0) {
                out.write(',');
            }
            string(new String(f.key(), StandardCharsets.UTF_8), out);
            out.write(':');
            if (binary && Arrays.equals(f.key(), DATA) && f.text() != null) {
                string(base64(f.text()), out);
            } else {
                out.writeBytes(f.value());
            }
        }
        out.write('}');
    }

    /** Standard padded base64 on one line; text that is not base64 is kept without its whitespace. */
    static String base64(String data) {
        String joined = data.replaceAll("\\s", "");
        try {
            return Base64.getEncoder().encodeToString(Base64.getDecoder().decode(joined));
        } catch (IllegalArgumentException notBase64) {
            return joined;
        }
    }

    /** The exact decimal value, one spelling per value (see the class comment). */
    static String number(String text) {
        BigDecimal value;
        try {
            value = new BigDecimal(text);
        } catch (NumberFormatException e) {
            return text; // NaN/Infinity are not JSON; keep whatever came
        }
        if (value.signum() == 0) {
            return text.startsWith("-") ? "-0" : "0";
        }
        BigDecimal stripped = value.stripTrailingZeros();
        String plain = stripped.toPlainString();
        if (plain.length() <= MAX_PLAIN_NUMBER) {
            return plain;
        }
        int scale = stripped.scale();
        String unscaled = stripped.unscaledValue().toString();
        return scale == 0 ? unscaled : unscaled + "e" + (-scale);
    }

    private static void string(String s, ByteArrayOutputStream out) {
        out.write('"');
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.write('\\');
                out.write(c);
                i++;
            } else if (c < 0x20) {
                escape(c, out);
                i++;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                out.writeBytes(s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8));
                i += 2;
            } else if (Character.isSurrogate(c)) {
                escape(c, out);
                i++;
            } else {
                int start = i;
                while (i < n) {
                    char d = s.charAt(i);
                    if (d == '"' || d == '\\' || d < 0x20 || Character.isSurrogate(d)) {
                        break;
                    }
                    i++;
                }
                out.writeBytes(s.substring(start, i).getBytes(StandardCharsets.UTF_8));
            }
        }
        out.write('"');
    }

    private static void escape(char c, ByteArrayOutputStream out) {
        out.write('\\');
        out.write('u');
        out.write(HEX[(c >> 12) & 0xf]);
        out.write(HEX[(c >> 8) & 0xf]);
        out.write(HEX[(c >> 4) & 0xf]);
        out.write(HEX[c & 0xf]);
    }
}
