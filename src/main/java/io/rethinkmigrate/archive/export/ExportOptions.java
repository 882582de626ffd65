package io.rethinkmigrate.archive.export;

import java.util.List;
import java.util.Objects;

/**
 * How {@link DirectoryExportWriter} writes each table.
 *
 * @param format    json, ndjson or csv
 * @param fields    the fields kept ({@code --fields}), in order; {@code null} keeps every field. A dotted
 *                  name ({@code a.b}) reaches a nested field when the document has no key {@code a.b}
 * @param delimiter the CSV field delimiter ({@code --delimiter}, default {@code ,})
 */
public record ExportOptions(ExportFormat format, List<String> fields, char delimiter) {

    public ExportOptions {
        Objects.requireNonNull(format, "format");
        fields = fields == null ? null : List.copyOf(fields);
        if (fields != null && fields.isEmpty()) {
            throw new IllegalArgumentException("--fields: at least one field");
        }
        if (format == ExportFormat.CSV && fields == null) {
            throw new IllegalArgumentException("CSV files require the --fields option");
        }
        if (delimiter == '"' || delimiter == '\r' || delimiter == '\n') {
            throw new IllegalArgumentException("--delimiter cannot be a quote or a line break");
        }
    }

    public static ExportOptions json() {
        return new ExportOptions(ExportFormat.JSON, null, ',');
    }

    public static ExportOptions of(ExportFormat format, List<String> fields) {
        return new ExportOptions(format, fields, ',');
    }

    public ExportOptions withDelimiter(char c) {
        return new ExportOptions(format, fields, c);
    }
}
