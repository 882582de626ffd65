package io.rethinkmigrate.engine.restore;

import com.fasterxml.jackson.databind.JsonNode;
import io.rethinkmigrate.archive.meta.IndexSpec;
import io.rethinkmigrate.engine.ServerFeatures;
import io.rethinkmigrate.engine.index.IndexCreator;
import io.rethinkmigrate.model.TableId;
import io.rethinkmigrate.progress.ProgressListener;
import io.rethinkmigrate.wire.Connection;
import io.rethinkmigrate.wire.ReqlServerException;
import io.rethinkmigrate.wire.Term;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Recreates a table's secondary indexes from its archived {@code index_status()} entries, each from its
 * function blob or else its query text ({@link IndexCreator}), then waits for them. An index that
 * neither way recreates is a problem of the table (named, with its query text), never an error of the
 * run; one rebuilt from its text is a warning, as the blob would have been exact.
 */
final class IndexRestorer {
    private final Connection control;
    private final ProgressListener listener;

    IndexRestorer(Connection control, ProgressListener listener) {
        this.control = control;
        this.listener = listener;
    }

    /** Creates the indexes {@code table} lacks and waits for them; returns how many it has of the archive's. */
    int restore(TableId id, Term table, List<IndexSpec> indexes, List<String> problems) {
        Set<String> present = new HashSet<>();
        for (JsonNode status : control.run(table.indexStatus())) {
            present.add(status.path("index").asText());
        }
        IndexCreator creator = new IndexCreator(control, "the archive");
        List<String> created = new ArrayList<>();
        for (IndexSpec index : indexes) {
            if (present.contains(index.name())) {
                created.add(index.name());
                continue;
            }
            IndexCreator.Outcome outcome = creator.create(table, index.name(), index);
            if (outcome.created()) {
                created.add(index.name());
                if (outcome.note() != null) {
                    listener.warning("index `" + index.name() + "` of " + id + " was rebuilt from its query text: " + outcome.note());
                }
            } else {
                problems.add("index `" + index.name() + "` of " + id + " was not recreated: " + outcome.failure());
            }
        }
        if (!created.isEmpty()) {
            try {
                control.run(table.indexWait(created.toArray(String[]::new)));
            } catch (ReqlServerException e) {
                if (!ServerFeatures.isUnsupported(e)) {
                    throw e;
                }
            }
        }
        return created.size();
    }
}
