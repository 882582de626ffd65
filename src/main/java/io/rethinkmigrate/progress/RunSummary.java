package io.rethinkmigrate.progress;

import java.time.Duration;
import java.util.List;

/** The outcome of a whole run: one result per table, in table order, and the warnings given. */
public record RunSummary(List<TableResult> tables, List<String> warnings, Duration elapsed) {

    public RunSummary {
        tables = List.copyOf(tables);
        warnings = List.copyOf(warnings);
    }

    public long documents() {
        return tables.stream().mapToLong(TableResult::documents).sum();
    }

    public long bytes() {
        return tables.stream().mapToLong(TableResult::bytes).sum();
    }

    /** True unless a table failed or is incomplete. */
    public boolean allDone() {
        return problems().isEmpty();
    }

    /** Tables that failed or are incomplete. */
    public List<TableResult> problems() {
        return tables.stream().filter(t -> t.error() != null).toList();
    }
}
