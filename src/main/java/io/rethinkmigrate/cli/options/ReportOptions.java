package io.rethinkmigrate.cli.options;

import io.rethinkmigrate.cli.ExitCode;
import io.rethinkmigrate.cli.Main;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;
import io.rethinkmigrate.json.Json;
import io.rethinkmigrate.progress.ProgressListener;
import io.rethinkmigrate.progress.RunSummary;
import io.rethinkmigrate.progress.TableResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Option;

/**
 * `--report FILE.json`: the run's summary as JSON for scripts, written when the run ends however it
 * ends (success, partial, error, Ctrl-C), through a temporary file renamed into place, so a reader
 * never sees half a report. The shape is in docs/progress-and-reports.md and in the option's help.
 */
public final class ReportOptions {
    public static final String SHAPE = "{tool, version, command, server, started, finished (ISO-8601), elapsed_seconds, "
            + "exit_code, error, totals: {tables, done, incomplete, failed, skipped, unfinished, documents, bytes}, "
            + "tables: [{db, table, status, documents, bytes, indexes, write_hook, seconds, error}], warnings: [...]}";

    @Option(names = "--report", paramLabel = "FILE.json",
            description = "also write the run's summary as JSON to FILE.json, even when the run fails: " + SHAPE)
    public Path report;

    private RunRecorder recorder = new RunRecorder(ProgressListener.NONE);

    /** The display, wrapped so that the report knows what happened even if the run fails. */
    public ProgressListener record(ProgressListener display) {
        recorder = new RunRecorder(display);
        return recorder;
    }

    /** The run got to its summary. */
    public void summary(RunSummary summary) {
        recorder.summary(summary);
    }

    /**
     * Runs the command's body and writes the report (when asked) with its outcome: the exit code it
     * returns, or the error it throws (which is then thrown on, for Main to print).
     */
    public int run(String command, ConnectionOptions connection, Callable<Integer> body) throws Exception {
        if (report == null) {
            return body.call();
        }
        Path target = report.toAbsolutePath();
        if (Files.isDirectory(target) || target.getParent() == null || !Files.isDirectory(target.getParent())) {
            throw new MigrateException(ErrorKind.USAGE, "--report " + report + ": "
                    + (Files.isDirectory(target) ? "is a directory" : "its directory does not exist"));
        }
        Writer writer = new Writer(command, server(connection), target);
        Thread onInterrupt = new Thread(() -> writer.write(ExitCode.INTERRUPTED.code(), "interrupted"), "report-on-interrupt");
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        try {
            int code = body.call();
            if (!writer.write(code, null) && code == ExitCode.OK.code()) {
                return ExitCode.IO.code();
            }
            return code;
        } catch (Exception | Error e) {
            writer.write(exitCodeOf(e), describe(e));
            throw e;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(onInterrupt);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs or has run
            }
        }
    }

    private static String server(ConnectionOptions connection) {
        try {
            return connection.endpoint().toString();
        } catch (RuntimeException e) {
            return null; // a bad -c is reported by the command itself
        }
    }

    /** As Main maps errors to exit codes. */
    public static int exitCodeOf(Throwable e) {
        if (e instanceof MigrateException m) {
            return ExitCode.of(m.kind()).code();
        }
        if (e instanceof InterruptedException) {
            return ExitCode.INTERRUPTED.code();
        }
        if (e instanceof IOException) {
            return ExitCode.IO.code();
        }
        return ExitCode.INTERNAL.code();
    }

    private static String describe(Throwable e) {
        if (e instanceof MigrateException) {
            return e.getMessage();
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    public static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }

    private final class Writer {
        private final String command;
        private final String server;
        private final Path target;
        private final Instant started = Instant.now();
        private final long startedNanos = System.nanoTime();
        private boolean written;

        public Writer(String command, String server, Path target) {
            this.command = command;
            this.server = server;
            this.target = target;
        }

        /** Writes the report once; false (and a line on stderr) when it cannot be written. */
        public synchronized boolean write(int exitCode, String error) {
            if (written) {
                return true;
            }
            written = true;
            ObjectNode json = build(exitCode, error);
            Path temp = null;
            try {
                temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
                Files.writeString(temp, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n",
                        StandardCharsets.UTF_8);
                try { // a temporary file is private to its owner; a report is for others too, as any file written
                    Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
                } catch (UnsupportedOperationException notPosix) {
                    // keep what the file system gives
                }
                try {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
                }
                return true;
            } catch (IOException | RuntimeException e) {
                System.err.println("error: --report " + report + ": cannot write it (" + e.getMessage() + ")");
                if (temp != null) {
                    try {
                        Files.deleteIfExists(temp);
                    } catch (IOException ignored) {
                        // nothing more to do
                    }
                }
                return false;
            }
        }

        private ObjectNode build(int exitCode, String error) {
            RunSummary summary = recorder.summary();
            List<TableResult> tables = summary != null ? summary.tables() : recorder.finished();
            List<String> warnings = new ArrayList<>(recorder.warnings());
            if (summary != null) {
                summary.warnings().stream().filter(w -> !warnings.contains(w)).forEach(warnings::add);
            }
            ObjectNode root = Json.mapper().createObjectNode();
            putRun(root, exitCode, error);
            ArrayNode list = Json.mapper().createArrayNode();
            tables.forEach(t -> putTable(list.addObject(), t));
            // without a summary the run stopped early: the tables it had not finished are listed too
            List<RunRecorder.Unfinished> unfinished = summary != null ? List.of() : recorder.unfinished();
            unfinished.forEach(u -> putUnfinished(list.addObject(), u));
            putTotals(root.putObject("totals"), tables, unfinished);
            root.set("tables", list);
            ArrayNode w = root.putArray("warnings");
            warnings.forEach(w::add);
            return root;
        }

        private void putRun(ObjectNode root, int exitCode, String error) {
            root.put("tool", "rethink-migrate");
            root.put("version", version());
            root.put("command", command);
            root.put("server", server);
            root.put("started", started.toString());
            root.put("finished", Instant.now().toString());
            root.put("elapsed_seconds", seconds(System.nanoTime() - startedNanos));
            root.put("exit_code", exitCode);
            root.put("error", error);
        }

        private static void putTable(ObjectNode o, TableResult t) {
            o.put("db", t.table().db());
            o.put("table", t.table().table());
            o.put("status", t.status().name().toLowerCase());
            o.put("documents", t.documents());
            o.put("bytes", t.bytes());
            o.put("indexes", t.indexes());
            o.put("write_hook", t.writeHook());
            o.put("seconds", seconds(t.elapsed().toNanos()));
            o.put("error", t.error());
        }

        private static void putUnfinished(ObjectNode o, RunRecorder.Unfinished u) {
            o.put("db", u.table().db());
            o.put("table", u.table().table());
            o.put("status", u.started() ? "unfinished" : "not_started");
            o.put("documents", u.documents());
            o.put("bytes", u.bytes());
            o.put("indexes", 0);
            o.put("write_hook", false);
            o.putNull("seconds");
            o.put("error", u.started() ? "the run stopped before this table was finished" : null);
        }

        private static void putTotals(ObjectNode totals, List<TableResult> tables, List<RunRecorder.Unfinished> unfinished) {
            long documents = 0;
            long bytes = 0;
            int[] byStatus = new int[TableResult.Status.values().length];
            for (TableResult t : tables) {
                documents += t.documents();
                bytes += t.bytes();
                byStatus[t.status().ordinal()]++;
            }
            for (RunRecorder.Unfinished u : unfinished) {
                documents += u.documents();
                bytes += u.bytes();
            }
            totals.put("tables", tables.size() + unfinished.size());
            totals.put("done", byStatus[TableResult.Status.DONE.ordinal()]);
            totals.put("incomplete", byStatus[TableResult.Status.INCOMPLETE.ordinal()]);
            totals.put("failed", byStatus[TableResult.Status.FAILED.ordinal()]);
            totals.put("skipped", byStatus[TableResult.Status.SKIPPED.ordinal()]);
            totals.put("unfinished", unfinished.size());
            totals.put("documents", documents);
            totals.put("bytes", bytes);
        }

        private static double seconds(long nanos) {
            return Math.round(nanos / 1e6) / 1000.0;
        }
    }
}
