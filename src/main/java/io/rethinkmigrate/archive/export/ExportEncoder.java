package io.rethinkmigrate.archive.export;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.rethinkmigrate.archive.ArchiveException;
import io.rethinkmigrate.archive.json.JsonCopy;
import io.rethinkmigrate.archive.json.PythonJsonEncoder;
import io.rethinkmigrate.json.Json;
import io.rethinkmigrate.json.RawJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the documents of one table in an export format, as the official {@code rethinkdb export}
 * (rethinkdb-python 2.4) writes them:
 * <ul>
 * <li>JSON: {@code [}, then each document on its own line after {@code "\n"} (first) or {@code ",\n"},
 * then {@code "\n]\n"}; an empty table is {@code "[\n]\n"}. Documents in Python {@code json.dumps} style
 * ({@link PythonJsonEncoder}, the same bytes as {@link JsonCopy#pythonGenerator}), numbers as the server sent
 * them: the bytes of a dump's {@code .json}.</li>
 * <li>NDJSON: the documents separated by {@code "\n"}, no newline after the last one (the official writer
 * writes none), an empty table is an empty file.</li>
 * <li>CSV: Python's {@code csv.writer} with the default dialect (minimal quoting, {@code ""} for a quote,
 * {@code \r\n} after each row): a header of the fields, then per document each field's value: a string as
 * is (UTF-8), a number as the server sent it, a boolean {@code True}/{@code False} (Python's {@code str}),
 * {@code null} as {@code null}, an object or array (pseudo-types included) as its {@code json.dumps} text,
 * and a missing field as an empty value.</li>
 * </ul>
 * With fields ({@code --fields}), JSON and NDJSON documents keep only those fields, in the document's own
 * key order (the official writer deletes the other keys). A dotted field {@code a.b} that is not a key of
 * its own reaches into nested objects (an extension: the official tool matches only top-level keys), and
 * keeps {@code {"a": {"b": ...}}} (a document holding both a key {@code "a.b"} and {@code "a": {"b"}} keeps
 * both in JSON; in CSV the key {@code "a.b"} wins).
 */
public final class ExportEncoder {
    private static final byte[] CRLF = {'\r', '\n'};

    private static final byte[] NOTHING = {};
    private static final byte[] NEWLINE = {'\n'};
    private static final byte[] SEPARATOR = {',', '\n'};

    private final ExportOptions options;
    private final OutputStream out;
    private final JsonGenerator gen;
    /**
     * Whole documents (JSON and NDJSON without fields) are re-encoded byte by byte into this buffer, Jackson
     * only for what it leaves alone; null when documents go through {@link #gen} (CSV, fields).
     */
    private final PythonJsonEncoder encoder;
    private long documents;

    /** Starts the output (the JSON {@code [} or the CSV header). The caller owns and closes {@code out}. */
    public ExportEncoder(ExportOptions options, OutputStream out) throws IOException {
        this.options = options;
        this.out = out;
        this.gen = JsonCopy.pythonGenerator(out);
        this.encoder = options.format() != ExportFormat.CSV && options.fields() == null ? new PythonJsonEncoder() : null;
        switch (options.format()) {
            case JSON -> {
                if (encoder != null) {
                    encoder.appendRaw(new byte[] {'['});
                } else {
                    gen.writeRaw('[');
                }
            }
            case CSV -> {
                writeRow(options.fields());
            }
            case NDJSON -> {
            }
        }
    }

    /** Appends one document (a JSON object). */
    public void write(RawJson document) throws IOException {
        if (encoder != null) {
            writeWhole(document);
            return;
        }
        try (JsonParser p = Json.factory().createParser(document.buffer(), document.offset(), document.length())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new ArchiveException("document " + (documents + 1) + " is not a JSON object");
            }
            switch (options.format()) {
                case JSON, NDJSON -> {
                    if (options.format() == ExportFormat.JSON) {
                        gen.writeRaw(documents == 0 ? "\n" : ",\n");
                    } else if (documents > 0) {
                        gen.writeRaw('\n');
                    }
                    copyProjected(p, gen, options.fields()); // whole documents went to writeWhole
                }
                case CSV -> {
                    Map<String, String> values = new HashMap<>();
                    collect(p, "", 0, options.fields(), values, new HashMap<>());
                    List<String> row = new ArrayList<>(options.fields().size());
                    for (String field : options.fields()) {
                        row.add(values.getOrDefault(field, ""));
                    }
                    writeRow(row);
                }
            }
            if (p.nextToken() != null) {
                throw new ArchiveException("document " + (documents + 1) + " has data after the object");
            }
        } catch (JacksonException e) {
            throw new ArchiveException("document " + (documents + 1) + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
        documents++;
    }

    /** A whole document (JSON or NDJSON without fields): the byte-level encoder, Jackson for what it leaves. */
    private void writeWhole(RawJson document) throws IOException {
        encoder.appendDocument(separator(), document, () -> "document " + (documents + 1));
        documents++;
        encoder.drainWhenFull(out);
    }

    /** What goes before the next document. */
    private byte[] separator() {
        if (options.format() == ExportFormat.JSON) {
            return documents == 0 ? NEWLINE : SEPARATOR;
        }
        return documents > 0 ? NEWLINE : NOTHING;
    }

    /** Ends the output (the JSON {@code ]}) and flushes it. */
    public void finish() throws IOException {
        if (encoder != null) {
            if (options.format() == ExportFormat.JSON) {
                encoder.appendRaw(new byte[] {'\n', ']', '\n'});
            }
            encoder.drainTo(out);
        } else if (options.format() == ExportFormat.JSON) {
            gen.writeRaw("\n]\n");
        }
        gen.flush();
        out.flush();
    }

    public long documents() {
        return documents;
    }

    /** Bytes buffered (in the JSON generator or the encoder's buffer), not yet in the stream. */
    long buffered() {
        return gen.getOutputBuffered() + (encoder == null ? 0 : encoder.size());
    }

    /** Copies the object at the parser keeping only the given (possibly dotted) fields; returns how many were kept. */
    private static int copyProjected(JsonParser p, JsonGenerator g, List<String> fields) throws IOException {
        int kept = 0;
        g.writeStartObject();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken value = p.nextToken();
            if (fields.contains(key)) {
                g.writeFieldName(key);
                JsonCopy.copyValue(p, g);
                kept++;
                continue;
            }
            List<String> nested = value == JsonToken.START_OBJECT ? below(fields, key) : List.of();
            if (nested.isEmpty()) {
                p.skipChildren();
                continue;
            }
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            int inner;
            try (JsonGenerator sub = JsonCopy.pythonGenerator(buf)) {
                inner = copyProjected(p, sub, nested);
            }
            if (inner > 0) {
                g.writeFieldName(key);
                g.writeRawValue(buf.toString(StandardCharsets.US_ASCII));
                kept++;
            }
        }
        g.writeEndObject();
        return kept;
    }

    /** The fields below {@code key}: {@code key.x} becomes {@code x}. */
    private static List<String> below(List<String> fields, String key) {
        List<String> nested = new ArrayList<>();
        String prefix = key + ".";
        for (String f : fields) {
            if (f.startsWith(prefix) && f.length() > prefix.length()) {
                nested.add(f.substring(prefix.length()));
            }
        }
        return nested;
    }

    /**
     * Reads the object at the parser into {@code values}: each wanted field's CSV text. When a dotted field
     * matches both a key of its own and a nested path ({@code "a.b"} and {@code "a": {"b"}}), the match
     * found at the shallower level wins, whatever the key order.
     */
    private static void collect(JsonParser p, String prefix, int depth, List<String> fields, Map<String, String> values,
            Map<String, Integer> depths) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = prefix + p.currentName();
            JsonToken value = p.nextToken();
            if (fields.contains(name)) {
                String text = csvText(p, value);
                Integer seen = depths.get(name);
                if (seen == null || seen > depth) {
                    values.put(name, text);
                    depths.put(name, depth);
                }
            } else if (value == JsonToken.START_OBJECT && !below(fields, name).isEmpty()) {
                collect(p, name + ".", depth + 1, fields, values, depths);
            } else {
                p.skipChildren();
            }
        }
    }

    /** A value as Python's csv export writes it (str() of numbers and booleans, json.dumps of the rest). */
    private static String csvText(JsonParser p, JsonToken value) throws IOException {
        return switch (value) {
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getText();
            case VALUE_TRUE -> "True";
            case VALUE_FALSE -> "False";
            case VALUE_NULL -> "null";
            default -> {
                ByteArrayOutputStream buf = new ByteArrayOutputStream();
                try (JsonGenerator g = JsonCopy.pythonGenerator(buf)) {
                    JsonCopy.copyValue(p, g);
                }
                yield buf.toString(StandardCharsets.US_ASCII);
            }
        };
    }

    /** One CSV row, quoted as Python's csv module does with QUOTE_MINIMAL. */
    private void writeRow(List<String> row) throws IOException {
        gen.flush();
        StringBuilder line = new StringBuilder();
        char delimiter = options.delimiter();
        if (row.size() == 1 && row.get(0).isEmpty()) {
            line.append("\"\"");  // Python quotes a record that would otherwise be an empty line
        } else {
            for (int i = 0; i < row.size(); i++) {
                if (i > 0) {
                    line.append(delimiter);
                }
                appendField(line, row.get(i), delimiter);
            }
        }
        out.write(line.toString().getBytes(StandardCharsets.UTF_8));
        out.write(CRLF);
    }

    static void appendField(StringBuilder line, String value, char delimiter) {
        boolean quote = false;
        for (int i = 0; i < value.length() && !quote; i++) {
            char c = value.charAt(i);
            quote = c == delimiter || c == '"' || c == '\r' || c == '\n';
        }
        if (!quote) {
            line.append(value);
            return;
        }
        line.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"') {
                line.append('"');
            }
            line.append(c);
        }
        line.append('"');
    }
}
