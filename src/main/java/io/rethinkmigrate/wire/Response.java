package io.rethinkmigrate.wire;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.rethinkmigrate.json.Json;
import io.rethinkmigrate.json.RawJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One response frame, parsed just enough to route it: {@code t}, {@code e}, and the elements of
 * {@code r} as byte slices of the frame (documents are not turned into trees unless asked).
 */
final class Response {
    /** No {@code t} field: reqlite's answer to terms it does not implement. */
    static final int NO_TYPE = -1;

    final long token;
    final int type;
    final Integer errorCode;
    final List<RawJson> results;
    /** When r holds exactly one array (an atom that is a sequence), its elements; else null. */
    final List<RawJson> firstResultElements;
    final JsonNode backtrace;

    private Response(long token, int type, Integer errorCode, List<RawJson> results,
                     List<RawJson> firstResultElements, JsonNode backtrace) {
        this.token = token;
        this.type = type;
        this.errorCode = errorCode;
        this.results = results;
        this.firstResultElements = firstResultElements;
        this.backtrace = backtrace;
    }

    static Response parse(long token, byte[] body) throws IOException {
        int type = NO_TYPE;
        Integer errorCode = null;
        List<RawJson> results = List.of();
        List<RawJson> firstElements = null;
        JsonNode backtrace = null;
        try (JsonParser p = Json.factory().createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("response is not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (name) {
                    case "t" -> type = value.isNumeric() ? p.getIntValue() : NO_TYPE;
                    case "e" -> errorCode = value.isNumeric() ? p.getIntValue() : null;
                    case "r" -> {
                        if (value == JsonToken.START_ARRAY) {
                            List<List<RawJson>> first = new ArrayList<>(1);
                            results = sliceArray(p, body, first);
                            firstElements = results.size() == 1 && !first.isEmpty() ? first.get(0) : null;
                        } else {
                            p.skipChildren();
                        }
                    }
                    case "b" -> backtrace = Json.mapper().readTree(p);
                    default -> p.skipChildren();
                }
            }
        }
        return new Response(token, type, errorCode, results, firstElements, backtrace);
    }

    /**
     * Slices the elements of the array the parser is at. If the first element is itself an array, its
     * elements are sliced into {@code firstNested} too (cheaper than a second parse).
     */
    private static List<RawJson> sliceArray(JsonParser p, byte[] body, List<List<RawJson>> firstNested)
            throws IOException {
        List<Integer> starts = new ArrayList<>();
        JsonToken token;
        while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
            if (token == null) {
                throw new IOException("truncated response");
            }
            starts.add((int) p.currentTokenLocation().getByteOffset());
            if (token == JsonToken.START_ARRAY && starts.size() == 1 && firstNested != null) {
                firstNested.add(sliceArray(p, body, null));
            } else {
                p.skipChildren();
            }
        }
        int close = (int) p.currentTokenLocation().getByteOffset();
        List<RawJson> slices = new ArrayList<>(starts.size());
        for (int i = 0; i < starts.size(); i++) {
            int start = starts.get(i);
            int next = i + 1 < starts.size() ? starts.get(i + 1) : close;
            slices.add(new RawJson(body, start, trimBack(body, start, next) - start));
        }
        return slices;
    }

    /** Backs up from the start of the next token over whitespace, one comma and whitespace. */
    private static int trimBack(byte[] body, int start, int next) {
        int end = next;
        while (end > start && isSpace(body[end - 1])) {
            end--;
        }
        if (end > start && body[end - 1] == ',') {
            end--;
            while (end > start && isSpace(body[end - 1])) {
                end--;
            }
        }
        return end;
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }

    boolean isError() {
        return type == NO_TYPE || type >= Protocol.CLIENT_ERROR;
    }

    JsonNode firstResult() {
        return results.isEmpty() ? null : Json.parse(results.get(0));
    }

    ArrayNode resultsAsArray() {
        ArrayNode array = Json.mapper().createArrayNode();
        for (RawJson r : results) {
            array.add(Json.parse(r));
        }
        return array;
    }
}
