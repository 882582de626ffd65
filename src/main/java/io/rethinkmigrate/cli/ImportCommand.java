package io.rethinkmigrate.cli;

import io.rethinkmigrate.cli.options.JobOptions;
import io.rethinkmigrate.cli.options.WriteOptions;

import io.rethinkmigrate.archive.ArchiveReader;
import io.rethinkmigrate.archive.export.CsvTypes;
import io.rethinkmigrate.archive.export.DirectoryImportReader;
import io.rethinkmigrate.archive.export.FileImportReader;
import io.rethinkmigrate.archive.export.ImportFormat;
import io.rethinkmigrate.archive.export.ImportSettings;
import io.rethinkmigrate.engine.restore.RestoreOptions;
import io.rethinkmigrate.engine.restore.Restorer;
import io.rethinkmigrate.engine.Selection;
import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;
import io.rethinkmigrate.model.TableId;
import io.rethinkmigrate.progress.ProgressListener;
import io.rethinkmigrate.progress.RunSummary;
import io.rethinkmigrate.wire.Connection;
import io.rethinkmigrate.wire.ConnectOptions;
import java.io.BufferedInputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** `import`: the official `rethinkdb import`, on the restore engine with an export directory or one file as the archive. */
@Command(name = "import", sortOptions = false, mixinStandardHelpOptions = true,
        description = "Import an export directory (-d, as `rethinkdb export` writes it) or one JSON/NDJSON/CSV file "
                + "(-f FILE --table DB.TABLE) into a cluster.")
final class ImportCommand implements Callable<Integer> {

    @Option(names = {"-d", "--directory"}, paramLabel = "DIR", description = "export directory: DIR/DB/TABLE.{json,ndjson,csv} (+ optional TABLE.info)")
    Path directory;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "one file to import into --table; - reads stdin (needs --format)")
    String file;

    @Option(names = "--table", paramLabel = "DB.TABLE", description = "the table to import -f FILE into")
    String table;

    @Option(names = "--pkey", paramLabel = "KEY", description = "primary key of a created table (default: id; with -d, of tables without .info)")
    String pkey;

    @Option(names = "--format", paramLabel = "json|ndjson|csv", description = "format of -f FILE (default: from its extension)")
    String format;

    @Option(names = "--fields", paramLabel = "FIELD,...", split = ",", description = "keep only these top-level fields of each document")
    List<String> fields;

    @Option(names = "--delimiter", paramLabel = "CHAR", description = "CSV field separator, or '\\t' for tab (default: ,)")
    String delimiter;

    @Option(names = "--no-header", description = "the CSV has no header row (needs --custom-header)")
    boolean noHeader;

    @Option(names = "--custom-header", paramLabel = "FIELD,...", description = "CSV field names, overriding the header row")
    String customHeader;

    @Option(names = "--types", paramLabel = "infer|COL:TYPE,...",
            description = "CSV values: strings by default (as the official tool); infer = numbers, true/false, null, JSON "
                    + "objects/arrays; or COL:TYPE with string, number, boolean, null, json, time, infer (*:TYPE for the rest)")
    String types;

    @Option(names = "--max-errors", paramLabel = "N", description = "skip up to N bad rows with a warning each; one more fails the table (default: 0)")
    long maxErrors;

    @Option(names = "--max-document-size", paramLabel = "BYTES", description = "a bigger document is a bad row (default: 128 MiB)")
    long maxDocumentSize = ImportSettings.DEFAULT_MAX_DOCUMENT_SIZE;

    @Option(names = "--max-nesting-depth", paramLabel = "N", description = "a deeper document is a bad row (default: 100)")
    int maxNestingDepth = ImportSettings.DEFAULT_MAX_NESTING_DEPTH;

    @Option(names = {"-i", "--import"}, paramLabel = "DB[.TABLE]", description = "with -d: import only this database or table (repeatable)")
    List<String> imports = new ArrayList<>();

    @Mixin
    WriteOptions write;

    @Mixin
    JobOptions job;

    @Override
    public Integer call() throws Exception {
        return job.reported("import", this::importData);
    }

    private Integer importData() throws Exception {
        checkOptions();
        ImportFormat fileFormat = fileFormat();
        TableId target = directory != null ? checkDirectoryOptions() : checkFileOptions(fileFormat);
        char delim = delimiter(delimiter);
        CsvTypes csvTypes = csvTypes();

        ConnectOptions connect = job.connection.toConnectOptions();
        PrintStream err = System.err;
        ProgressListener progress = job.run.progress(err, "importing");
        ImportSettings settings = new ImportSettings(delim, noHeader,
                customHeader == null ? null : Arrays.asList(customHeader.split(",", -1)), csvTypes,
                fields == null || fields.isEmpty() ? null : List.copyOf(fields), maxDocumentSize, maxNestingDepth,
                maxErrors, pkey, progress::warning);
        RestoreOptions options = write.applyTo(RestoreOptions.builder())
                .selection(Selection.parse("-i/--import", imports)).build();
        try (ArchiveReader reader = openReader(target, fileFormat, settings)) {
            if (!job.run.quiet()) {
                err.println("Importing " + source() + " into " + connect.endpoint());
            }
            RunSummary summary = new Restorer(() -> Connection.open(connect), options, progress).restore(reader);
            return job.run.finish(err, "Import", summary);
        }
    }

    /** The checks that do not depend on importing a directory or a file. */
    private void checkOptions() {
        if ((directory == null) == (file == null)) {
            throw usage("give either -d DIR or -f FILE (with --table DB.TABLE)");
        }
        write.validate();
        WriteOptions.checkPositive("--max-nesting-depth", maxNestingDepth);
        if (maxDocumentSize < 1) {
            throw usage("--max-document-size " + maxDocumentSize + ": must be at least 1");
        }
        if (maxErrors < 0) {
            throw usage("--max-errors " + maxErrors + ": must be at least 0");
        }
        if (noHeader && customHeader == null) {
            throw usage("--custom-header is required with --no-header");
        }
    }

    /** --format, or null to take it from the file's extension. */
    private ImportFormat fileFormat() {
        if (format == null) {
            return null;
        }
        ImportFormat named = ImportFormat.named(format);
        if (named == null) {
            throw usage("--format " + format + ": must be json, ndjson or csv");
        }
        return named;
    }

    /** A directory names its tables itself; null as the target. */
    private TableId checkDirectoryOptions() {
        if (table != null || format != null) {
            throw usage((table != null ? "--table" : "--format") + " is not valid when importing a directory");
        }
        return null;
    }

    /** The --table a file goes into. */
    private TableId checkFileOptions(ImportFormat fileFormat) {
        if (table == null) {
            throw usage("--table DB.TABLE is required when importing a file");
        }
        int dot = table.indexOf('.');
        if (dot <= 0 || dot == table.length() - 1) {
            throw usage("--table " + table + ": must be DB.TABLE");
        }
        TableId target = new TableId(table.substring(0, dot), table.substring(dot + 1));
        if (!imports.isEmpty()) {
            throw usage("-i/--import can only be used when importing a directory");
        }
        if ("-".equals(file) && fileFormat == null) {
            throw usage("-f - (stdin) needs --format json|ndjson|csv");
        }
        return target;
    }

    private CsvTypes csvTypes() {
        try {
            return CsvTypes.parse(types);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    /** The directory or the file (stdin for -) read as an archive of its tables. */
    private ArchiveReader openReader(TableId target, ImportFormat fileFormat, ImportSettings settings) {
        if (directory != null) {
            return DirectoryImportReader.open(directory.toAbsolutePath(), settings);
        }
        if ("-".equals(file)) {
            return FileImportReader.open(new BufferedInputStream(System.in, 1 << 16), "stdin", target, fileFormat, settings);
        }
        return FileImportReader.open(Path.of(file).toAbsolutePath(), target, fileFormat, settings);
    }

    /** What is imported, as the first line names it. */
    private String source() {
        return directory != null ? directory.toAbsolutePath().toString()
                : "-".equals(file) ? "standard input" : Path.of(file).toAbsolutePath().toString();
    }

    private static char delimiter(String value) {
        if (value == null) {
            return ',';
        }
        if (value.equals("\\t")) {
            return '\t';
        }
        if (value.length() != 1 || value.charAt(0) == '"' || value.charAt(0) == '\n' || value.charAt(0) == '\r') {
            throw usage("--delimiter " + value + ": must be exactly one character (not a quote or line break), or '\\t'");
        }
        return value.charAt(0);
    }

    private static MigrateException usage(String message) {
        return new MigrateException(ErrorKind.USAGE, message);
    }

}
