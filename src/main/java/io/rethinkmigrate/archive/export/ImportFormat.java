package io.rethinkmigrate.archive.export;

import java.util.Locale;

/** The formats `import` reads: what `rethinkdb export` writes. */
public enum ImportFormat {
    /** A JSON array of objects, or objects one after the other. */
    JSON,
    /** One object a line (read like JSON: objects one after the other). */
    NDJSON,
    /** RFC 4180 CSV with a header row of field names. */
    CSV;

    /** The format named by an option value or a file extension, or null when it names none. */
    public static ImportFormat named(String name) {
        if (name == null) {
            return null;
        }
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "json" -> JSON;
            case "ndjson", "jsonl" -> NDJSON;
            case "csv" -> CSV;
            default -> null;
        };
    }

    /** The extension of a file name (after the last dot), or "" when it has none. */
    public static String extension(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot < 0 ? "" : fileName.substring(dot + 1);
    }

    public String extension() {
        return name().toLowerCase(Locale.ROOT);
    }
}
