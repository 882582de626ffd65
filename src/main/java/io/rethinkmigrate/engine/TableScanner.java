package io.rethinkmigrate.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;
import io.rethinkmigrate.json.Json;
import io.rethinkmigrate.json.RawJson;
import io.rethinkmigrate.model.TableId;
import io.rethinkmigrate.wire.Connection;
import io.rethinkmigrate.wire.Cursor;
import io.rethinkmigrate.wire.GlobalOptions;
import io.rethinkmigrate.wire.Term;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Reads a whole table in primary-key order, one page at a time: each page is
 * `between(<last key>, maxval, left_bound open).orderBy(index: pk).limit(n)`.
 *
 * <p>Why pages rather than one cursor: a server that answers a read in a single frame instead of in
 * batches (reqlite does; so may proxies) would otherwise put a whole table in memory, and a page
 * boundary is also a point from which an interrupted read can resume. On a real server each page is
 * itself a cursor delivered in batches, so memory stays bounded by the batch size either way. The page
 * length adapts so that a page stays near {@code targetPageBytes}.
 */
final class TableScanner {
    static final int FIRST_PAGE_DOCUMENTS = 1_000;
    static final int MAX_PAGE_DOCUMENTS = 100_000;

    private final Connection connection;
    private final TableId table;
    private final String primaryKey;
    private final GlobalOptions options;
    private final long targetPageBytes;

    TableScanner(Connection connection, TableId table, String primaryKey, GlobalOptions options, long targetPageBytes) {
        this.connection = connection;
        this.table = table;
        this.primaryKey = primaryKey;
        this.options = options;
        this.targetPageBytes = targetPageBytes;
    }

    /** Delivers every document to the sink; returns how many. */
    long scan(DocumentSink sink) throws IOException {
        Term tableTerm = Term.db(table.db()).table(table.table());
        JsonNode lastKey = null;
        long pageLength = FIRST_PAGE_DOCUMENTS;
        long total = 0;
        while (true) {
            Term range = lastKey == null
                    ? tableTerm
                    : tableTerm.between(Term.datum(lastKey), Term.maxval(), Map.of("left_bound", Term.value("open")));
            Term page = range.orderBy(primaryKey).limit(pageLength);
            long documents = 0;
            long bytes = 0;
            RawJson last = null;
            try (Cursor cursor = connection.cursor(page, options)) {
                List<RawJson> batch;
                while ((batch = cursor.nextBatch()) != null) {
                    for (RawJson doc : batch) {
                        sink.accept(doc);
                        bytes += doc.length();
                    }
                    if (!batch.isEmpty()) {
                        last = batch.get(batch.size() - 1);
                        documents += batch.size();
                    }
                }
                if (last != null) {
                    lastKey = primaryKeyOf(last);
                }
            }
            total += documents;
            if (documents < pageLength) {
                return total;
            }
            pageLength = nextPageLength(pageLength, bytes);
        }
    }

    /** Grows or shrinks the page so that it holds about targetPageBytes. */
    long nextPageLength(long current, long bytes) {
        if (bytes <= 0) {
            return Math.min(MAX_PAGE_DOCUMENTS, current * 2);
        }
        long perDocument = Math.max(1, bytes / current);
        long wanted = targetPageBytes / perDocument;
        return Math.max(1, Math.min(MAX_PAGE_DOCUMENTS, Math.min(current * 4, wanted)));
    }

    private JsonNode primaryKeyOf(RawJson document) {
        JsonNode key = Json.parse(document).get(primaryKey);
        if (key == null) {
            throw new MigrateException(ErrorKind.SERVER,
                    "table " + table + ": a document has no primary key `" + primaryKey + "`");
        }
        return PseudoTypes.joinBase64Lines(key);
    }
}
