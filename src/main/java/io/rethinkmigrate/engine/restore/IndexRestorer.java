package io.rethinkmigrate.engine.restore;

import com.fasterxml.jackson.databind.JsonNode;
import io.rethinkmigrate.archive.meta.IndexSpec;
import io.rethinkmigrate.engine.PseudoTypes;
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
 * Recreates a table's secondary indexes from its saved {@code index_status()} entries, each from its
 * function blob or else its query text ({@link IndexCreator}), then waits for them; and sets its write
 * hook. An index or hook that cannot be recreated is a problem of the table (named, with its query
 * text), never an error of the run; an index rebuilt from its text is a warning, as the blob would have
 * been exact. Used by restore (from an archive) and point-in-time restore (from a backup's records).
 *
 * @param source where the definitions come from, for messages ("the archive", "the backup")
 */
public record IndexRestorer(Connection control, ProgressListener listener, String source) {

    /** Creates the indexes {@code table} lacks and waits for them; returns how many it has of the archive's. */
    public int restore(TableId id, Term table, List<IndexSpec> indexes, List<String> problems) {
        Set<String> present = new HashSet<>();
        for (JsonNode status : control.run(table.indexStatus())) {
            present.add(status.path("index").asText());
        }
        IndexCreator creator = new IndexCreator(control, source);
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

    /** Sets {@code hook} (a saved {@code get_write_hook()} value, or null: none) on {@code table}; whether it was set. */
    public boolean setWriteHook(TableId id, Term table, JsonNode hook, List<String> problems) {
        if (hook == null) {
            return false;
        }
        JsonNode function = hook.get("function");
        if (function == null || !function.isObject()) {
            problems.add("write hook of " + id + " was not restored: " + source + " has no function for it");
            return false;
        }
        try {
            control.run(table.setWriteHook(Term.datum(PseudoTypes.joinBase64Lines(function))));
            return true;
        } catch (ReqlServerException e) {
            problems.add("write hook of " + id + " was not restored: " + e.getMessage());
            return false;
        }
    }
}
