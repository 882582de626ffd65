package io.rethinkmigrate.archive.export;

import java.util.Locale;

/** The data file formats of {@code rethinkdb export}: {@code <db>/<table>.json|.ndjson|.csv}. */
public enum ExportFormat {
    /** A JSON array, one document per line: the same bytes as a dump's {@code .json}. */
    JSON("json"),
    /** One document per line, separated by newlines, no newline after the last (as the official tool). */
    NDJSON("ndjson"),
    /** A header of the fields, then one row per document (Python's csv module, {@code \r\n} line ends). */
    CSV("csv");

    private final String extension;

    ExportFormat(String extension) {
        this.extension = extension;
    }

    /** The file extension, without the dot. */
    public String extension() {
        return extension;
    }

    public static ExportFormat parse(String name) {
        for (ExportFormat f : values()) {
            if (f.extension.equals(name.toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown format '" + name + "' (json, csv or ndjson)");
    }
}
