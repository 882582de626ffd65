package io.rethinkmigrate.wire;

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

    /**
     * Reads the frame with a byte scanner, not a JSON parser: a response of thousands of documents is
     * mostly strings, and only their boundaries are needed here (a full tokenizer spent a third of a
     * dump's client CPU finding them). What is sliced is checked for balance, not validity: documents are
     * parsed or re-encoded downstream, which names anything malformed.
     */
    static Response parse(long token, byte[] body) throws IOException {
        Scanner in = new Scanner(body);
        int type = NO_TYPE;
        Integer errorCode = null;
        List<RawJson> results = List.of();
        List<RawJson> firstElements = null;
        JsonNode backtrace = null;
        in.expect('{');
        if (!in.consumeIf('}')) {
            do {
                String name = in.fieldName();
                in.expect(':');
                switch (name) {
                    case "t" -> type = in.intOr(NO_TYPE);
                    case "e" -> errorCode = in.isNumber() ? in.intOr(0) : skipNull(in);
                    case "r" -> {
                        if (in.peek() == '[') {
                            List<List<RawJson>> first = new ArrayList<>(1);
                            results = in.sliceArray(first);
                            firstElements = results.size() == 1 && !first.isEmpty() ? first.get(0) : null;
                        } else {
                            in.skipValue();
                        }
                    }
                    case "b" -> backtrace = Json.parse(in.slice());
                    default -> in.skipValue();
                }
            } while (in.consumeIf(','));
            in.expect('}');
        }
        return new Response(token, type, errorCode, results, firstElements, backtrace);
    }

    private static Integer skipNull(Scanner in) throws IOException {
        in.skipValue();
        return null;
    }

    /** Walks a frame's bytes: just enough JSON to find values' boundaries. */
    private static final class Scanner {
        private final byte[] body;
        private int at;

        Scanner(byte[] body) {
            this.body = body;
        }

        byte peek() throws IOException {
            skipSpace();
            if (at >= body.length) {
                throw new IOException("truncated response");
            }
            return body[at];
        }

        boolean consumeIf(char c) throws IOException {
            if (peek() == c) {
                at++;
                return true;
            }
            return false;
        }

        void expect(char c) throws IOException {
            if (!consumeIf(c)) {
                throw new IOException("response is not a JSON object (expected '" + c + "' at byte " + at + ")");
            }
        }

        boolean isNumber() throws IOException {
            byte b = peek();
            return b == '-' || (b >= '0' && b <= '9');
        }

        /** A whole number (t, e), or {@code fallback} for anything else, skipped. */
        int intOr(int fallback) throws IOException {
            RawJson value = slice();
            try {
                return Integer.parseInt(new String(value.buffer(), value.offset(), value.length(),
                        java.nio.charset.StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                return fallback;
            }
        }

        String fieldName() throws IOException {
            if (peek() != '"') {
                throw new IOException("response is not a JSON object (expected a field name at byte " + at + ")");
            }
            RawJson name = slice();
            return new String(name.buffer(), name.offset() + 1, name.length() - 2, java.nio.charset.StandardCharsets.UTF_8);
        }

        /** The next value as a slice of the frame. */
        RawJson slice() throws IOException {
            peek();
            int start = at;
            skipValue();
            return new RawJson(body, start, at - start);
        }

        /**
         * The elements of the array at hand as slices. If the first element is itself an array, its
         * elements are sliced into {@code firstNested} too (an atom that is a sequence).
         */
        List<RawJson> sliceArray(List<List<RawJson>> firstNested) throws IOException {
            expect('[');
            List<RawJson> slices = new ArrayList<>();
            if (consumeIf(']')) {
                return slices;
            }
            do {
                if (slices.isEmpty() && firstNested != null && peek() == '[') {
                    int start = at;
                    firstNested.add(sliceArray(null));
                    slices.add(new RawJson(body, start, at - start));
                } else {
                    slices.add(slice());
                }
            } while (consumeIf(','));
            expect(']');
            return slices;
        }

        void skipValue() throws IOException {
            byte b = peek();
            if (b == '"') {
                skipString();
            } else if (b == '{' || b == '[') {
                skipContainer();
            } else {
                while (at < body.length && !endsScalar(body[at])) {
                    at++;
                }
            }
        }

        private void skipString() throws IOException {
            int i = at + 1;
            byte[] b = body;
            while (i < b.length) {
                byte c = b[i];
                if (c == '"') {
                    at = i + 1;
                    return;
                }
                i += c == '\\' ? 2 : 1;
            }
            throw new IOException("truncated response (inside a string)");
        }

        private void skipContainer() throws IOException {
            int depth = 0;
            byte[] b = body;
            while (at < b.length) {
                byte c = b[at];
                if (c == '"') {
                    skipString();
                    continue;
                }
                if (c == '{' || c == '[') {
                    depth++;
                } else if (c == '}' || c == ']') {
                    depth--;
                    if (depth == 0) {
                        at++;
                        return;
                    }
                }
                at++;
            }
            throw new IOException("truncated response");
        }

        private static boolean endsScalar(byte b) {
            return b == ',' || b == ']' || b == '}' || b == ' ' || b == '\n' || b == '\r' || b == '\t';
        }

        private void skipSpace() {
            while (at < body.length) {
                byte b = body[at];
                if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                    return;
                }
                at++;
            }
        }
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
