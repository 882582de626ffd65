package io.rethinkmigrate.cli;

import io.rethinkmigrate.cli.options.RunOptions;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rethinkmigrate.engine.Selection;
import io.rethinkmigrate.engine.backup.BackupHistory;
import io.rethinkmigrate.engine.backup.BackupLayout;
import io.rethinkmigrate.engine.backup.BackupVerifier;
import io.rethinkmigrate.engine.backup.PointInTimeRestorer;
import io.rethinkmigrate.engine.backup.TableHistory;
import io.rethinkmigrate.engine.backup.Times;
import io.rethinkmigrate.engine.restore.RestoreOptions;
import io.rethinkmigrate.json.Json;
import io.rethinkmigrate.progress.ProgressListener;
import io.rethinkmigrate.progress.RunSummary;
import io.rethinkmigrate.wire.Connection;
import io.rethinkmigrate.wire.ConnectOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * `restore`, `list` and `verify` given a backup directory (written by `backup`) instead of an archive:
 * point-in-time restore, the restorable window per table, the check of the chain (docs/backup-format.md).
 */
final class BackupDirectory {
    private BackupDirectory() {
    }

    /** Whether a FILE argument names a backup directory. */
    static boolean is(String file) {
        return file != null && !"-".equals(file) && BackupLayout.isBackup(Path.of(file).toAbsolutePath());
    }

    /** `--until TIME|latest` as epoch milliseconds, or null for the latest restorable time. */
    static Long until(String until) {
        return until == null || "latest".equals(until) ? null : Times.parse("--until", until);
    }

    /** `restore DIR [--until TIME] [--dry-run]`. */
    static int restore(String dir, Long until, Selection selection, RestoreOptions options, ConnectOptions connect,
                       ProgressListener progress, RunOptions output, boolean dryRun)
            throws IOException, InterruptedException {
        BackupLayout layout = BackupLayout.existing(Path.of(dir).toAbsolutePath());
        PointInTimeRestorer.Plan plan = PointInTimeRestorer.plan(layout, until, selection);
        if (dryRun) {
            PointInTimeRestorer.describe(layout, plan).forEach(System.out::println);
            System.out.flush();
            return ExitCode.OK.code();
        }
        PrintStream err = System.err;
        if (!output.quiet()) {
            err.println("Restoring " + layout.dir() + " as of " + Times.format(plan.time()) + " into " + connect.endpoint());
        }
        RunSummary summary = new PointInTimeRestorer(() -> Connection.open(connect), options, progress).restore(layout, plan);
        return output.finish(err, "Restore", summary);
    }

    /** `list DIR`: per table the earliest and latest restorable time and the holes between. */
    static int list(String dir, boolean json, PrintStream out) throws IOException {
        BackupLayout layout = BackupLayout.existing(Path.of(dir).toAbsolutePath());
        BackupHistory history = BackupHistory.read(layout);
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("backup", layout.dir().toString());
        root.put("latest", history.latest() < 0 ? null : Times.format(history.latest()));
        ArrayNode tables = root.putArray("tables");
        for (TableHistory table : history.tables()) {
            ObjectNode o = tables.addObject();
            o.put("db", table.table().db());
            o.put("table", table.table().table());
            o.put("earliest", table.earliest() < 0 ? null : Times.format(table.earliest()));
            long latest = table.droppedAt() >= 0 ? table.droppedAt() : history.latest();
            o.put("latest", table.earliest() < 0 || latest < 0 ? null : Times.format(latest));
            o.put("dropped", table.droppedAt() >= 0);
            o.put("bases", table.bases().size());
            ArrayNode gaps = o.putArray("gaps");
            for (TableHistory.Hole hole : table.holes(history.globalGaps())) {
                gaps.addObject().put("from", Times.format(hole.from())).put("until", Times.format(hole.until()))
                        .put("reason", hole.reason());
            }
        }
        if (json) {
            out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(root));
        } else {
            printList(root, out);
        }
        out.flush();
        return ExitCode.OK.code();
    }

    private static void printList(ObjectNode root, PrintStream out) {
        out.println("Backup directory: " + root.get("backup").asText());
        out.println("Latest restorable time: " + root.get("latest").asText("(nothing sealed yet)"));
        for (var t : root.get("tables")) {
            out.println("  " + t.get("db").asText() + "." + t.get("table").asText() + ": "
                    + (t.get("earliest").isNull() ? "no complete base yet"
                    : t.get("earliest").asText() + " .. " + t.get("latest").asText()
                    + (t.get("dropped").asBoolean() ? " (dropped)" : ""))
                    + "; " + t.get("bases").asInt() + " base(s)");
            for (var gap : t.get("gaps")) {
                out.println("      gap " + gap.get("from").asText() + " .. " + gap.get("until").asText()
                        + ": " + gap.get("reason").asText());
            }
        }
    }

    /** `verify DIR`: the chain check; a problem exits as a failed verify does (DIFFERENT). */
    static int verify(String dir, PrintStream out, boolean quiet) throws IOException {
        BackupLayout layout = BackupLayout.existing(Path.of(dir).toAbsolutePath());
        BackupVerifier.Report report = BackupVerifier.verify(layout);
        report.problems().forEach(p -> out.println("problem: " + p));
        if (!quiet) {
            report.notes().forEach(n -> out.println("note: " + n));
        }
        out.println((report.ok() ? "Backup chain OK: " : "Backup chain BROKEN: ") + report.segments() + " sealed segment(s), "
                + report.records() + " record(s), " + report.bases() + " base(s)"
                + (report.ok() ? "" : ", " + report.problems().size() + " problem(s)"));
        out.flush();
        return report.ok() ? ExitCode.OK.code() : ExitCode.DIFFERENT.code();
    }
}
