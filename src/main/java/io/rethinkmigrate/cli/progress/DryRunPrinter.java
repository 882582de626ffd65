package io.rethinkmigrate.cli.progress;

import io.rethinkmigrate.engine.restore.RestoreOptions;
import io.rethinkmigrate.engine.restore.RestorePlan;
import java.io.PrintStream;

/** Prints a `restore --dry-run` plan: one block per table, then the totals. */
public final class DryRunPrinter {
    private DryRunPrinter() {
    }

    public static void print(PrintStream out, String source, RestorePlan plan) {
        RestoreOptions options = plan.options();
        out.println("Dry run: restore " + source + " into " + plan.endpoint() + " (nothing is written)");
        for (RestorePlan.Table t : plan.tables()) {
            out.println("table " + t.target() + (t.source().equals(t.target()) ? "" : " (archive table " + t.source() + ")"));
            if (t.createDatabase()) {
                out.println("  create database " + t.target().db());
            }
            if (t.exists()) {
                out.println(options.force()
                        ? "  table exists: written into (--force), documents with the same primary key replaced"
                        : "  table exists: REFUSED (use --force to write into it)");
            } else {
                StringBuilder create = new StringBuilder("  create table, primary key `" + t.primaryKey() + "`");
                if (options.shards() != null) {
                    create.append(", shards ").append(options.shards());
                }
                if (options.replicas() != null) {
                    create.append(", replicas ").append(options.replicas());
                }
                out.println(create);
            }
            out.println("  write " + t.documents() + " documents"
                    + (t.estimate() >= 0 ? " (source estimate " + t.estimate() + ")" : ""));
            if (t.indexes().isEmpty()) {
                out.println("  indexes: none");
            } else if (options.secondaryIndexes()) {
                out.println("  build indexes: " + String.join(", ", t.indexes()));
            } else {
                out.println("  indexes not built (--no-secondary-indexes): " + String.join(", ", t.indexes()));
            }
            out.println("  write hook: " + (t.writeHook() ? "set" : "none"));
        }
        for (String warning : plan.warnings()) {
            out.println("warning: " + warning);
        }
        int refused = plan.refused().size();
        out.println(plan.tables().size() + " tables, " + plan.documents() + " documents"
                + (refused > 0 ? "; " + refused + " refused: the restore would stop with exit code 6" : ""));
    }
}
