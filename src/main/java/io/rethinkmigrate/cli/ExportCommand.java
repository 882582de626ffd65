package io.rethinkmigrate.cli;

import io.rethinkmigrate.cli.options.ReadOptions;
import io.rethinkmigrate.cli.options.JobOptions;
import io.rethinkmigrate.cli.progress.SummaryPrinter;

import io.rethinkmigrate.archive.export.DirectoryExportWriter;
import io.rethinkmigrate.archive.export.ExportFormat;
import io.rethinkmigrate.archive.export.ExportOptions;
import io.rethinkmigrate.engine.dump.Dumper;
import io.rethinkmigrate.engine.read.DumpOptions;
import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;
import io.rethinkmigrate.model.TableId;
import io.rethinkmigrate.progress.ProgressListener;
import io.rethinkmigrate.progress.RunSummary;
import io.rethinkmigrate.wire.ConnectOptions;
import io.rethinkmigrate.wire.Connection;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
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
        boolean quiet = job.run.quiet();
        ConnectOptions connect = job.connection.toConnectOptions();
        PrintStream err = System.err;
        ProgressListener progress = job.run.progress(err, "exporting");

        if (toStdout) {
            List<TableId> selected;
            try (Connection control = Connection.open(connect)) {
                selected = Dumper.selectedTables(control, options.selection());
            }
            if (selected.size() != 1) {
                throw new MigrateException(ErrorKind.USAGE, "-d -: an export to standard output takes exactly one "
                        + "table (-e DB.TABLE), and the selection has " + selected.size());
            }
        }
        Path target = toStdout ? null
                : Path.of(directory != null ? directory : DirectoryExportWriter.defaultName(LocalDateTime.now()))
                        .toAbsolutePath();
        OutputStream stdout = toStdout ? new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16) : null;
        try (DirectoryExportWriter writer = toStdout
                ? DirectoryExportWriter.toStream(stdout, exportOptions)
                : DirectoryExportWriter.toDirectory(target, exportOptions);
             AbortOnInterrupt guard = new AbortOnInterrupt(writer)) {
            String where = toStdout ? "standard output" : target.toString();
            if (!quiet) {
                err.println("Exporting " + connect.endpoint() + " to " + where + " ("
                        + exportOptions.format().extension() + ")");
            }
            RunSummary summary = new Dumper(() -> Connection.open(connect), options, progress).dump(writer);
            job.run.report.summary(summary);
            guard.committed();
            if (!quiet) {
                SummaryPrinter.print(err, "Export complete: " + where, summary);
            }
        } finally {
            if (stdout != null) {
                stdout.flush();
            }
        }
        return ExitCode.OK.code();
    }
}
