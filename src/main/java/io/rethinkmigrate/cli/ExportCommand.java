package io.rethinkmigrate.cli;

import io.rethinkmigrate.cli.options.ReadOptions;
import io.rethinkmigrate.cli.options.JobOptions;

import io.rethinkmigrate.archive.export.DirectoryExportWriter;
import io.rethinkmigrate.archive.export.ExportFormat;
import io.rethinkmigrate.archive.export.ExportOptions;
import io.rethinkmigrate.engine.dump.Dumper;
import io.rethinkmigrate.engine.read.DumpOptions;
import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;
import io.rethinkmigrate.model.TableId;
import io.rethinkmigrate.progress.ProgressListener;
import io.rethinkmigrate.wire.ConnectOptions;
import io.rethinkmigrate.wire.Connection;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** `export`: the official `rethinkdb export`, the dump engine writing a directory of JSON, NDJSON or CSV files. */
@Command(name = "export", sortOptions = false, mixinStandardHelpOptions = true,
        description = "Export the data of a RethinkDB cluster into a directory: DIR/DB/TABLE.json|.ndjson|.csv "
                + "and DIR/DB/TABLE.info, as the official `rethinkdb export`.")
final class ExportCommand implements Callable<Integer> {

    @Mixin
    JobOptions job;

    @Mixin
    ReadOptions read;

    @Option(names = {"-d", "--directory"}, paramLabel = "DIR",
            description = "directory to write (default: rethinkdb_export_DATE_TIME); it must not exist. "
                    + "- writes the data of one table to stdout")
    String directory;

    @Option(names = "--format", paramLabel = "json|csv|ndjson",
            description = "format to write (default: json; ndjson is one document per line)")
    String format = "json";

    @Option(names = "--fields", paramLabel = "FIELD,...",
            description = "export only these fields (required for csv); a.b reaches the nested field b of a")
    String fields;

    @Option(names = "--delimiter", paramLabel = "CHARACTER",
            description = "csv field delimiter, one character, or '\\t' for tab (default: ,)")
    String delimiter;

    @Override
    public Integer call() throws Exception {
        return job.reported("export", this::export);
    }

    /** The export options from --format, --fields and --delimiter, checked as the official tool checks them. */
    ExportOptions exportOptions() {
        ExportFormat chosen;
        try {
            chosen = ExportFormat.parse(format);
        } catch (IllegalArgumentException e) {
            throw new MigrateException(ErrorKind.USAGE, "--format: " + e.getMessage());
        }
        List<String> fieldList = null;
        if (fields != null) {
            fieldList = Arrays.asList(fields.split(",", -1));
            if (fieldList.stream().anyMatch(String::isEmpty)) {
                throw new MigrateException(ErrorKind.USAGE, "--fields " + fields + ": empty field name");
            }
        }
        char delim = ',';
        if (chosen == ExportFormat.CSV) {
            if (fieldList == null) {
                throw new MigrateException(ErrorKind.USAGE, "CSV files require the '--fields' option to be specified");
            }
            if (delimiter != null) {
                String d = "\\t".equals(delimiter) ? "\t" : delimiter;
                if (d.length() != 1) {
                    throw new MigrateException(ErrorKind.USAGE,
                            "Specify exactly one character for the --delimiter option: " + delimiter);
                }
                delim = d.charAt(0);
            }
        } else if (delimiter != null && !delimiter.isEmpty()) {
            throw new MigrateException(ErrorKind.USAGE, "--delimiter option is only valid for CSV file formats");
        }
        try {
            return new ExportOptions(chosen, fieldList, delim);
        } catch (IllegalArgumentException e) {
            throw new MigrateException(ErrorKind.USAGE, e.getMessage());
        }
    }

    private Integer export() throws Exception {
        DumpOptions options = read.toDumpOptions();
        ExportOptions exportOptions = exportOptions();
        boolean toStdout = "-".equals(directory);
        ConnectOptions connect = job.connection.toConnectOptions();
        ProgressListener progress = job.run.progress(System.err, "exporting");
        if (toStdout) {
            checkOneTable(connect, options);
        }
        Path target = toStdout ? null
                : Path.of(directory != null ? directory : DirectoryExportWriter.defaultName(LocalDateTime.now()))
                        .toAbsolutePath();
        String where = toStdout ? "standard output" : target.toString();
        AbortOnInterrupt.dump(new Dumper(() -> Connection.open(connect), options, progress), toStdout,
                stdout -> toStdout ? DirectoryExportWriter.toStream(stdout, exportOptions)
                        : DirectoryExportWriter.toDirectory(target, exportOptions),
                job.run, "Exporting " + connect.endpoint() + " to " + where + " ("
                        + exportOptions.format().extension() + ")", "Export complete: " + where);
        return ExitCode.OK.code();
    }

    /** Standard output holds the data of one table only: its file has no name to tell tables apart. */
    private static void checkOneTable(ConnectOptions connect, DumpOptions options) {
        List<TableId> selected;
        try (Connection control = Connection.open(connect)) {
            selected = Dumper.selectedTables(control, options.selection());
        }
        if (selected.size() != 1) {
            throw new MigrateException(ErrorKind.USAGE, "-d -: an export to standard output takes exactly one "
                    + "table (-e DB.TABLE), and the selection has " + selected.size());
        }
    }
}
