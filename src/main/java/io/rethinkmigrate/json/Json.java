package io.rethinkmigrate.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one place that configures Jackson. RethinkDB documents may hold strings of tens of megabytes and
 * nest deeper than Jackson's defaults allow, and numbers must survive byte for byte (-0.0, 5e-324,
 * 2^63), so every parser and generator of the project comes from here.
 */
public final class Json {
    /** The server accepts documents up to 64 MiB as a whole; a single string can be nearly that. */
    public static final int MAX_STRING_LENGTH = 512 * 1024 * 1024;
    /** Deeper than any server accepts (measured: 200 levels accepted by 2.4.4). */
    public static final int MAX_NESTING_DEPTH = 2000;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(MAX_STRING_LENGTH)
                    .maxNestingDepth(MAX_NESTING_DEPTH)
                    .maxNumberLength(10_000)
                    .maxDocumentLength(-1)
                    .build())
            .streamWriteConstraints(StreamWriteConstraints.builder()
                    .maxNestingDepth(MAX_NESTING_DEPTH)
                    .build())
            .build()
            .disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);

    /** Tree model for small metadata (info, config, index_status); never for documents on the hot path. */
    private static final ObjectMapper MAPPER = new ObjectMapper(FACTORY)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

    private Json() {
    }

    public static JsonFactory factory() {
        return FACTORY;
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static JsonNode parse(RawJson raw) {
        try {
            return MAPPER.readTree(raw.buffer(), raw.offset(), raw.length());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses text that must be a JSON object; otherwise an IllegalArgumentException saying {@code what} is not one. */
    public static ObjectNode parseObject(String text, String what) {
        JsonNode node = parse(text);
        if (!node.isObject()) {
            throw new IllegalArgumentException(what + " is not a JSON object");
        }
        return (ObjectNode) node;
    }

    /** Compact JSON text of a tree. */
    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
