package io.rethinkmigrate.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.rethinkmigrate.archive.IndexSpec;
import io.rethinkmigrate.engine.reql.IndexDefinition;
import io.rethinkmigrate.engine.reql.IndexQueryException;
import io.rethinkmigrate.engine.reql.IndexQueryParser;
import io.rethinkmigrate.model.TableId;
import io.rethinkmigrate.progress.ProgressListener;
import io.rethinkmigrate.wire.Connection;
import io.rethinkmigrate.wire.ErrorType;
import io.rethinkmigrate.wire.ReqlServerException;
import io.rethinkmigrate.wire.Term;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Recreates a table's secondary indexes from its archived {@code index_status()} entries. The function
 * blob is tried first (it recreates the index exactly on the same or a newer server); when the server
 * refuses it (a blob from a newer server, rethinkdb #5646) or the archive has none, the index is rebuilt
 * from its readable {@code query} text ({@link IndexQueryParser}). An index that neither way recreates is
 * a problem of the table (named, with its query text), never an error of the run.
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
        List<String> created = new ArrayList<>();
        for (IndexSpec index : indexes) {
            if (present.contains(index.name()) || create(id, table, index, problems)) {
                created.add(index.name());
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

    private boolean create(TableId id, Term table, IndexSpec index, List<String> problems) {
        String refusedBlob = null;
        if (index.hasFunctionBlob()) {
            try {
                control.run(table.indexCreate(index.name(), Term.datum(PseudoTypes.joinBase64Lines(index.function())), Map.of()));
                return true;
            } catch (ReqlServerException e) {
                if (!blobNotUnderstood(e)) {
                    problems.add("index `" + index.name() + "` of " + id + " was not recreated: " + e.getMessage());
                    return false;
                }
                refusedBlob = e.getMessage();
            }
        }
        String lost = "index `" + index.name() + "` of " + id + " was not recreated: ";
        String why = refusedBlob == null ? "the archive has no function blob for it" : "the server refused its function blob ("
                + refusedBlob + ")";
        if (index.query() == null) {
            problems.add(lost + why + " and no query text");
            return false;
        }
        IndexDefinition definition;
        try {
            definition = IndexQueryParser.parse(index.query());
        } catch (IndexQueryException e) {
            problems.add(lost + why + ", and its query text cannot be translated (" + e.getMessage() + "): " + index.query());
            return false;
        }
        Map<String, Object> options = new LinkedHashMap<>();
        if (index.multi() || definition.multi()) {
            options.put("multi", true);
        }
        if (index.geo() || definition.geo()) {
            options.put("geo", true);
        }
        try {
            control.run(table.indexCreate(index.name(), definition.function(), options));
        } catch (ReqlServerException e) {
            problems.add(lost + why + ", and the server refused it rebuilt from its query text (" + e.getMessage() + "): "
                    + index.query());
            return false;
        }
        listener.warning("index `" + index.name() + "` of " + id + " was rebuilt from its query text: " + why);
        return true;
    }

    /**
     * Whether the server could not make a function of the blob (QUERY_LOGIC: "Binary blob passed to index
     * create could not be interpreted..." on a real server; no error type from reqlite and old servers;
     * COMPILE_ERROR from servers that predate the blob form): then the query text may still work. Other
     * refusals (the index exists, the table is missing or unavailable, no permission) would refuse any
     * function alike.
     */
    static boolean blobNotUnderstood(ReqlServerException e) {
        return switch (e.responseKind()) {
            case COMPILE_ERROR, UNKNOWN -> true;
            case RUNTIME_ERROR -> e.errorType() == ErrorType.QUERY_LOGIC || e.errorType() == ErrorType.UNKNOWN;
            default -> false;
        };
    }
}
