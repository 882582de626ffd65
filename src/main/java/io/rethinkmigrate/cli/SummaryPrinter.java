package io.rethinkmigrate.cli;

import io.rethinkmigrate.progress.RunSummary;
import io.rethinkmigrate.progress.TableResult;
import java.io.PrintStream;

/** The table printed at the end of a run: one line per table, then the totals. */
final class SummaryPrinter {
    private SummaryPrinter() {
    }

    static void print(PrintStream out, String title, RunSummary summary) {
        int width = Math.max(5, summary.tables().stream().mapToInt(t -> t.table().toString().length()).max().orElse(5));
        String row = "  %-" + width + "s  %-10s  %12s  %10s  %7s  %4s%n";
        out.println(title);
        out.printf(row, "table", "status", "documents", "size", "indexes", "hook");
        for (TableResult t : summary.tables()) {
            out.printf(row, t.table(), t.status().name().toLowerCase(), t.documents(), Sizes.human(t.bytes()),
                    t.indexes(), t.writeHook() ? "yes" : "-");
        }
        double seconds = summary.elapsed().toMillis() / 1000.0;
        out.printf("  %d tables, %d documents, %s in %.1f s (%.0f documents/s)%n", summary.tables().size(),
                summary.documents(), Sizes.human(summary.bytes()), seconds,
                seconds > 0 ? summary.documents() / seconds : 0.0);
        for (TableResult problem : summary.problems()) {
            out.println("  " + problem.status() + " " + problem.table() + ": " + problem.error());
        }
    }
}
