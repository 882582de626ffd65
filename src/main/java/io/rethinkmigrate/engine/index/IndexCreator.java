package io.rethinkmigrate.engine.index;

import io.rethinkmigrate.archive.meta.IndexSpec;
import io.rethinkmigrate.engine.PseudoTypes;
import io.rethinkmigrate.engine.reql.IndexDefinition;
import io.rethinkmigrate.engine.reql.IndexQueryException;
import io.rethinkmigrate.engine.reql.IndexQueryParser;
import io.rethinkmigrate.wire.Connection;
import io.rethinkmigrate.wire.ErrorType;
import io.rethinkmigrate.wire.ReqlServerException;
import io.rethinkmigrate.wire.Term;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Creates one index from its {@code index_status()} entry: from the function blob first (it recreates
 * the index exactly on the same or a newer server), and from the readable {@code query} text
 * ({@link IndexQueryParser}) when the server cannot read the blob (a blob from a newer server,
 * rethinkdb #5646) or there is none (reqlite writes {@code {}}).
 */
public final class IndexCreator {
    /**
     * What happened: {@code created}, and either why not ({@code failure}, ends with the query text when
     * there was one) or, when created from the query text, why the blob was not used ({@code note}).
     */
    public record Outcome(boolean created, String failure, String note) {
        static Outcome fromBlob() {
            return new Outcome(true, null, null);
        }
    }

    private final Connection connection;
    private final String source;

    /** {@code source} names where the index entries come from, for messages ("the archive"). */
    public IndexCreator(Connection connection, String source) {
        this.connection = connection;
        this.source = source;
    }

    /** Creates index {@code name} of {@code table} as {@code spec} describes (spec's own name is not used). */
    public Outcome create(Term table, String name, IndexSpec spec) {
        String refusedBlob = null;
        if (spec.hasFunctionBlob()) {
            try {
                connection.run(table.indexCreate(name, Term.datum(PseudoTypes.joinBase64Lines(spec.function())), Map.of()));
                return Outcome.fromBlob();
            } catch (ReqlServerException e) {
                if (!blobNotUnderstood(e)) {
                    return new Outcome(false, e.getMessage(), null);
                }
                refusedBlob = e.getMessage();
            }
        }
        String why = refusedBlob == null ? source + " has no function blob for it"
                : "the server refused its function blob (" + refusedBlob + ")";
        if (spec.query() == null) {
            return new Outcome(false, why + " and no query text", null);
        }
        IndexDefinition definition;
        try {
            definition = IndexQueryParser.parse(spec.query());
        } catch (IndexQueryException e) {
            return new Outcome(false, why + ", and its query text cannot be translated (" + e.getMessage() + "): "
                    + spec.query(), null);
        }
        Map<String, Object> options = new LinkedHashMap<>();
        if (spec.multi() || definition.multi()) {
            options.put("multi", true);
        }
        if (spec.geo() || definition.geo()) {
            options.put("geo", true);
        }
        try {
            connection.run(table.indexCreate(name, definition.function(), options));
        } catch (ReqlServerException e) {
            return new Outcome(false, why + ", and the server refused it rebuilt from its query text ("
                    + e.getMessage() + "): " + spec.query(), null);
        }
        return new Outcome(true, null, why);
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
