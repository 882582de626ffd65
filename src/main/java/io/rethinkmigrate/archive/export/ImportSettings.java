package io.rethinkmigrate.archive.export;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How `import` reads its files.
 *
 * @param delimiter       CSV field separator (`--delimiter`)
 * @param noHeader        the CSV files have no header row (`--no-header`, needs a custom header)
 * @param customHeader    field names replacing the CSV header (`--custom-header`), or null
 * @param types           how CSV cells become values (`--types`)
 * @param fields          top-level fields to keep (`--fields`), or null for all
 * @param maxDocumentSize a document longer than this (compact JSON bytes) is a bad row (`--max-document-size`)
 * @param maxNestingDepth a document nested deeper than this is a bad row (`--max-nesting-depth`)
 * @param maxErrors       bad rows skipped (with a warning) before the table fails (`--max-errors`)
 * @param primaryKey      primary key of tables without a `.info` (`--pkey`), or null for `id`
 * @param warnings        receives one line per skipped bad row
 */
public record ImportSettings(char delimiter, boolean noHeader, List<String> customHeader, CsvTypes types,
                             List<String> fields, long maxDocumentSize, int maxNestingDepth, long maxErrors,
                             String primaryKey, Consumer<String> warnings) {
    /** The official default: 128 MiB. */
    public static final long DEFAULT_MAX_DOCUMENT_SIZE = 128L * 1024 * 1024;
    /** The official default. */
    public static final int DEFAULT_MAX_NESTING_DEPTH = 100;

    public ImportSettings {
        Objects.requireNonNull(types, "types");
        Objects.requireNonNull(warnings, "warnings");
        if (noHeader && customHeader == null) {
            throw new IllegalArgumentException("--custom-header is required with --no-header");
        }
    }

    public static ImportSettings defaults() {
        return new ImportSettings(',', false, null, CsvTypes.strings(), null, DEFAULT_MAX_DOCUMENT_SIZE,
                DEFAULT_MAX_NESTING_DEPTH, 0, null, w -> { });
    }

    public ImportSettings withTypes(CsvTypes t) {
        return new ImportSettings(delimiter, noHeader, customHeader, t, fields, maxDocumentSize, maxNestingDepth,
                maxErrors, primaryKey, warnings);
    }

    public ImportSettings withMaxErrors(long n) {
        return new ImportSettings(delimiter, noHeader, customHeader, types, fields, maxDocumentSize, maxNestingDepth,
                n, primaryKey, warnings);
    }

    public ImportSettings withWarnings(Consumer<String> w) {
        return new ImportSettings(delimiter, noHeader, customHeader, types, fields, maxDocumentSize, maxNestingDepth,
                maxErrors, primaryKey, w);
    }
}
