package io.rethinkmigrate.archive.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import io.rethinkmigrate.json.Json;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Token-level JSON copy, no tree model: numbers keep their exact source text (never through double),
 * key order is kept, strings are re-escaped by the generator. Two output styles:
 * <ul>
 * <li>{@link #pythonGenerator}: what Python's {@code json.dumps} writes (the official archive style):
 * {@code ", "} and {@code ": "} separators, everything outside printable ASCII (control characters,
 * DEL, non-ASCII) escaped as lower-case {@code \}{@code uXXXX}, astral characters as surrogate pairs;</li>
 * <li>{@link #compactGenerator}: compact JSON with non-ASCII as raw UTF-8 (astral characters as 4-byte
 * UTF-8, not escaped surrogates), for sending to the server.</li>
 * </ul>
 */
public final class JsonCopy {

    private JsonCopy() {
    }

    /** A generator writing the Python {@code json.dumps} style (UTF-8 output, ASCII only). */
    public static JsonGenerator pythonGenerator(OutputStream out) throws IOException {
        JsonGenerator g = Json.factory().createGenerator(out);
        g.enable(JsonGenerator.Feature.ESCAPE_NON_ASCII);
        g.disable(JsonGenerator.Feature.WRITE_HEX_UPPER_CASE);
        g.disable(JsonGenerator.Feature.ESCAPE_FORWARD_SLASHES);
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        g.setCharacterEscapes(PythonEscapes.INSTANCE);
        g.setPrettyPrinter(PythonPrinter.INSTANCE);
        return g;
    }

    /** A compact generator: no whitespace, non-ASCII as raw UTF-8, root values not separated. */
    public static JsonGenerator compactGenerator(OutputStream out) throws IOException {
        JsonGenerator g = Json.factory().createGenerator(out);
        g.disable(JsonGenerator.Feature.ESCAPE_NON_ASCII);
        g.enable(JsonGenerator.Feature.COMBINE_UNICODE_SURROGATES_IN_UTF8);
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        g.setRootValueSeparator(null);
        return g;
    }

    /**
     * Copies the value whose first token is the parser's current token (which must not be a field name),
     * leaving the parser on the value's last token. Iterative, so nesting depth costs no stack.
     */
    public static void copyValue(JsonParser p, JsonGenerator g) throws IOException {
        copyValue(p, g, false);
    }

    /**
     * As {@link #copyValue(JsonParser, JsonGenerator)}; with {@code rawUtf8}, strings holding astral
     * characters are written as UTF-8 bytes (Jackson's surrogate combining misses pairs that straddle its
     * internal buffer boundary, which would leave an escaped pair here and there in long strings).
     */
    public static void copyValue(JsonParser p, JsonGenerator g, boolean rawUtf8) throws IOException {
        int depth = 0;
        JsonToken t = p.currentToken();
        while (true) {
            if (t == null) {
                throw new java.io.EOFException("unexpected end of JSON input");
            }
            depth += copyToken(p, g, t, rawUtf8);
            if (depth == 0) {
                return;
            }
            t = p.nextToken();
        }
    }

    /** Writes one token; returns how it changes the nesting depth (+1 opens a container, -1 closes one). */
    private static int copyToken(JsonParser p, JsonGenerator g, JsonToken t, boolean rawUtf8) throws IOException {
        switch (t) {
            case START_OBJECT -> g.writeStartObject();
            case END_OBJECT -> g.writeEndObject();
            case START_ARRAY -> g.writeStartArray();
            case END_ARRAY -> g.writeEndArray();
            default -> copyScalar(p, g, t, rawUtf8);
        }
        return t.isStructStart() ? 1 : t.isStructEnd() ? -1 : 0;
    }

    /** Writes a field name or a scalar value; anything else (an embedded object) is no JSON we copy. */
    private static void copyScalar(JsonParser p, JsonGenerator g, JsonToken t, boolean rawUtf8) throws IOException {
        switch (t) {
            case FIELD_NAME -> g.writeFieldName(p.currentName());
            case VALUE_STRING -> {
                if (rawUtf8) {
                    writeUtf8String(p, g);
                } else {
                    g.writeString(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                }
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> g.writeNumber(p.getText());
            case VALUE_TRUE -> g.writeBoolean(true);
            case VALUE_FALSE -> g.writeBoolean(false);
            case VALUE_NULL -> g.writeNull();
            default -> throw new IOException("unexpected JSON token " + t);
        }
    }

    private static void writeUtf8String(JsonParser p, JsonGenerator g) throws IOException {
        char[] chars = p.getTextCharacters();
        int off = p.getTextOffset();
        int len = p.getTextLength();
        boolean surrogates = false;
        for (int i = off, end = off + len; i < end; i++) {
            char c = chars[i];
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(chars[i + 1])) {
                    surrogates = true;
                    i++;
                } else {
                    // a lone surrogate has no UTF-8 form: keep it escaped
                    g.writeString(chars, off, len);
                    return;
                }
            }
        }
        if (!surrogates) {
            g.writeString(chars, off, len);
        } else {
            byte[] utf8 = new String(chars, off, len).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            g.writeUTF8String(utf8, 0, utf8.length);
        }
    }

    /** Escapes like Python's {@code ensure_ascii}: everything outside {@code ' '..'~'}, plus quote and backslash. */
    static final class PythonEscapes extends CharacterEscapes {
        private static final long serialVersionUID = 1L;
        static final PythonEscapes INSTANCE = new PythonEscapes();
        private final int[] ascii;

        private PythonEscapes() {
            ascii = CharacterEscapes.standardAsciiEscapesForJSON();
            ascii[0x7F] = CharacterEscapes.ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public com.fasterxml.jackson.core.SerializableString getEscapeSequence(int ch) {
            return null;
        }
    }

    /**
     * Python's default {@code json.dumps} separators, {@code ", "} and {@code ": "}, and nothing else
     * (Jackson's minimal printer writes the same braces and brackets, with bare separators).
     */
    static final class PythonPrinter extends MinimalPrettyPrinter {
        private static final long serialVersionUID = 1L;
        static final PythonPrinter INSTANCE = new PythonPrinter();

        private PythonPrinter() {
            super("");
        }

        @Override
        public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
            g.writeRaw(", ");
        }

        @Override
        public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(": ");
        }

        @Override
        public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(", ");
        }
    }
}
