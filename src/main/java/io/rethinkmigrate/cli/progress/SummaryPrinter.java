package io.rethinkmigrate.cli.progress;

import io.rethinkmigrate.cli.options.Sizes;

import io.rethinkmigrate.progress.RunSummary;
import io.rethinkmigrate.progress.TableResult;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * The table printed at the end of a run: one row per table (status, documents, size, indexes, write
 * hook, time), the totals, then what was skipped, failed or lost, and the warnings.
 */
public final class SummaryPrinter {
    private SummaryPrinter() {
    }

    public static void print(PrintStream out, String title, RunSummary summary) {
        int width = Math.max(5, summary.tables().stream().mapToInt(t -> t.table().toString().length()).max().orElse(5));
        String row = "  %-" + width + "s  %-10s  %12s  %10s  %7s  %4s  %8s%n";
        out.println(title);
        out.printf(Locale.ROOT, row, "table", "status", "documents", "size", "indexes", "hook", "time");
        for (TableResult t : summary.tables()) {
            out.printf(Locale.ROOT, row, t.table(), t.status().name().toLowerCase(Locale.ROOT), t.documents(),
                    Sizes.human(t.bytes()), t.indexes(), t.writeHook() ? "yes" : "-",
                    String.format(Locale.ROOT, "%.1f s", t.elapsed().toMillis() / 1000.0));
        }
        double seconds = summary.elapsed().toMillis() / 1000.0;
        out.printf(Locale.ROOT, "  %d tables, %d documents, %s in %.1f s (%.0f documents/s)%n", summary.tables().size(),
                summary.documents(), Sizes.human(summary.bytes()), seconds,
                seconds > 0 ? summary.documents() / seconds : 0.0);
        List<TableResult> skipped = summary.tables().stream()
                .filter(t -> t.status() == TableResult.Status.SKIPPED).toList();
        for (TableResult t : skipped) {
            out.println("  SKIPPED " + t.table() + (t.error() == null ? "" : ": " + t.error()));
        }
        List<TableResult> problems = summary.problems().stream()
                .filter(t -> t.status() != TableResult.Status.SKIPPED).toList();
        for (TableResult problem : problems) {
            out.println("  " + problem.status() + " " + problem.table() + ": " + problem.error());
        }
        // a restore's lost indexes are both warnings and the table's error: say them once
        List<String> warnings = summary.warnings().stream()
                .filter(w -> problems.stream().noneMatch(p -> p.error().contains(w))).toList();
        if (!warnings.isEmpty()) {
            out.println("Warnings:");
            warnings.forEach(w -> out.println("  " + w));
        }
    }
}
