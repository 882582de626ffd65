package io.rethinkmigrate.archive.export;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.rethinkmigrate.archive.json.JsonCopy;
import io.rethinkmigrate.archive.json.MemberDocuments;
import io.rethinkmigrate.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How CSV cells become JSON values (`import --types`): all strings by default, as the official importer
 * does; {@code infer} reads numbers (their exact text), booleans (true/false, and Python's True/False),
 * null, and JSON objects/arrays (so pseudo-types such as {@code {"$reql_type$":"TIME",...}} come back);
 * a spec {@code col:type,...} types the named columns (string, number, boolean, null, json, time, infer)
 * and leaves the others strings.
 */
public final class CsvTypes {
    /** The types a column can have. */
    public enum Type { STRING, NUMBER, BOOLEAN, NULL, JSON, TIME, INFER }

    private static final Pattern NUMBER = Pattern.compile("-?(?:0|[1-9][0-9]*)(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?");

    private final Type fallback;
    private final Map<String, Type> columns;

    private CsvTypes(Type fallback, Map<String, Type> columns) {
        this.fallback = fallback;
        this.columns = columns;
    }

    public static CsvTypes strings() {
        return new CsvTypes(Type.STRING, Map.of());
    }

    public static CsvTypes infer() {
        return new CsvTypes(Type.INFER, Map.of());
    }

    /** {@code infer}, {@code string}, or {@code col:type,col:type...} (an entry {@code *:type} sets the others). */
    public static CsvTypes parse(String spec) {
        if (spec == null || spec.isBlank() || spec.equals("string")) {
            return strings();
        }
        if (spec.equals("infer")) {
            return infer();
        }
        Type fallback = Type.STRING;
        Map<String, Type> columns = new LinkedHashMap<>();
        for (String entry : spec.split(",")) {
            int colon = entry.lastIndexOf(':');
            if (colon <= 0 || colon == entry.length() - 1) {
                throw new IllegalArgumentException("--types entry `" + entry + "` is not COLUMN:TYPE");
            }
            Type type = type(entry.substring(colon + 1));
            String column = entry.substring(0, colon);
            if (column.equals("*")) {
                fallback = type;
            } else {
                columns.put(column, type);
            }
        }
        return new CsvTypes(fallback, columns);
    }

    private static Type type(String name) {
        try {
            return Type.valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--types: unknown type `" + name
                    + "` (string, number, boolean, null, json, time, infer)");
        }
    }

    public Type typeOf(String column) {
        return columns.getOrDefault(column, fallback);
    }

    /** Columns the spec names (to check them against the header). */
    public java.util.Set<String> namedColumns() {
        return columns.keySet();
    }

    /** Writes the cell as the column's type; IllegalArgumentException says why it cannot be. */
    public void write(String column, String cell, JsonGenerator g) throws IOException {
        write(typeOf(column), cell, g);
    }

    static void write(Type type, String cell, JsonGenerator g) throws IOException {
        switch (type) {
            case STRING -> g.writeString(cell);
            case NUMBER -> {
                String t = cell.trim();
                if (!NUMBER.matcher(t).matches()) {
                    throw new IllegalArgumentException("`" + cell + "` is not a number");
                }
                g.writeNumber(t);
            }
            case BOOLEAN -> {
                Boolean b = bool(cell.trim());
                if (b == null) {
                    throw new IllegalArgumentException("`" + cell + "` is not a boolean (true or false)");
                }
                g.writeBoolean(b);
            }
            case NULL -> {
                if (!cell.trim().equals("null")) {
                    throw new IllegalArgumentException("`" + cell + "` is not null");
                }
                g.writeNull();
            }
            case JSON -> g.writeRawValue(compactJson(cell));
            case TIME -> g.writeRawValue(time(cell.trim()));
            case INFER -> infer(cell, g);
            default -> throw new IllegalStateException(type.toString());
        }
    }

    private static void infer(String cell, JsonGenerator g) throws IOException {
        String t = cell.trim();
        if (NUMBER.matcher(t).matches()) {
            g.writeNumber(t);
        } else if (bool(t) != null) {
            g.writeBoolean(bool(t));
        } else if (t.equals("null")) {
            g.writeNull();
        } else if (t.startsWith("{") || t.startsWith("[")) {
            String json;
            try {
                json = compactJson(t);
            } catch (IllegalArgumentException e) {
                g.writeString(cell);
                return;
            }
            g.writeRawValue(json);
        } else {
            g.writeString(cell);
        }
    }

    private static Boolean bool(String t) {
        return switch (t) {
            case "true", "True", "TRUE" -> Boolean.TRUE;
            case "false", "False", "FALSE" -> Boolean.FALSE;
            default -> null;
        };
    }

    /** One JSON value as compact text, numbers exact; IllegalArgumentException when it is not one value. */
    static String compactJson(String text) {
        try (JsonParser p = Json.factory().createParser(text)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new IllegalArgumentException("empty JSON value");
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() + 16);
            try (JsonGenerator g = JsonCopy.compactGenerator(out)) {
                JsonCopy.copyValue(p, g, true);
            }
            if (p.nextToken() != null) {
                throw new IllegalArgumentException("data after the JSON value");
            }
            return out.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            String why = e instanceof com.fasterxml.jackson.core.JacksonException j ? j.getOriginalMessage() : e.getMessage();
            throw new IllegalArgumentException("invalid JSON: " + MemberDocuments.oneLine(why));
        }
    }

    /**
     * A time: the official export's {@code {"$reql_type$":"TIME",...}} text, or ISO-8601 with an offset
     * (or Z), which becomes a TIME pseudo-type whose timezone is that offset.
     */
    static String time(String t) {
        if (t.startsWith("{")) {
            String json = compactJson(t);
            if (!json.contains("\"$reql_type$\":\"TIME\"")) {
                throw new IllegalArgumentException("`" + t + "` is not a TIME pseudo-type");
            }
            return json;
        }
        OffsetDateTime when;
        try {
            when = OffsetDateTime.parse(t);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("`" + t + "` is not a time (ISO-8601 with an offset, e.g. "
                    + "2024-05-01T12:30:00+02:00, or a TIME pseudo-type)");
        }
        BigDecimal epoch = BigDecimal.valueOf(when.toEpochSecond()).add(BigDecimal.valueOf(when.getNano(), 9));
        String epochText = epoch.signum() == 0 ? "0" : epoch.stripTrailingZeros().toPlainString();
        ZoneOffset offset = when.getOffset();
        String tz = offset.getTotalSeconds() == 0 ? "+00:00" : offset.getId();
        return "{\"$reql_type$\":\"TIME\",\"epoch_time\":" + epochText + ",\"timezone\":\"" + tz + "\"}";
    }
}
