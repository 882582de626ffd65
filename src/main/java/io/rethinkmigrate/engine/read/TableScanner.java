package io.rethinkmigrate.engine.read;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.rethinkmigrate.engine.PseudoTypes;
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

/**
 * Reads a table, or one primary-key range of it, in primary-key order, one page at a time: each page is
 * `between(<last key>, <range end>, left_bound open).orderBy(index: pk).limit(n)`.
 *
 * <p>Why pages rather than one cursor: a server that answers a read in a single frame instead of in
 * batches (reqlite does; so may proxies) would otherwise put a whole range in memory, and a page
 * boundary is also a point from which an interrupted read can resume. On a real server each page is
 * itself a cursor delivered in batches, so memory stays bounded by the batch size either way. The page
 * length adapts so that a page stays near {@code targetPageBytes}.
 *
 * <p>{@link #lastKey()} and {@link #delivered()} say how far a scan got, also after it failed, so that a
 * caller can resume after the last document it was given ({@link ResumingRangeReader}).
 */
public final class TableScanner {
    static final int FIRST_PAGE_DOCUMENTS = 1_000;
    static final int MAX_PAGE_DOCUMENTS = 100_000;

    private final Connection connection;
    private final TableId table;
    private final String primaryKey;
    private final GlobalOptions options;
    private final long targetPageBytes;
    private long pageLength = FIRST_PAGE_DOCUMENTS;
    private JsonNode lastKey;
    private long delivered;

    public TableScanner(Connection connection, TableId table, String primaryKey, GlobalOptions options,
                        long targetPageBytes) {
        this.connection = connection;
        this.table = table;
        this.primaryKey = primaryKey;
        this.options = options;
        this.targetPageBytes = targetPageBytes;
    }

    /** Delivers every document of the table to the sink; returns how many. */
    public long scan(DocumentSink sink) throws IOException {
        return scan(KeyRange.all(), sink);
    }

    /** Delivers every document of the range to the sink, in key order; returns how many. */
    long scan(KeyRange range, DocumentSink sink) throws IOException {
        Term tableTerm = Term.db(table.db()).table(table.table());
        KeyRange rest = range;
        long total = 0;
        while (true) {
            Term page = rest.select(tableTerm).orderBy(primaryKey).limit(pageLength);
            long documents = 0;
            long bytes = 0;
            try (Cursor cursor = connection.cursor(page, options)) {
                List<RawJson> batch;
                while ((batch = cursor.nextBatch()) != null) {
                    // the key first: if the sink fails half way, nothing after it counts as delivered
                    JsonNode batchLastKey = primaryKeyOf(batch.get(batch.size() - 1));
                    for (RawJson doc : batch) {
                        sink.accept(doc);
                        bytes += doc.length();
                        delivered++;
                    }
                    lastKey = batchLastKey;
                    documents += batch.size();
                }
            }
            total += documents;
            if (documents < pageLength) {
                return total;
            }
            rest = rest.after(lastKey);
            pageLength = nextPageLength(pageLength, bytes);
        }
    }

    /**
     * Reads the whole range as one plain cursor ({@code between(lower, upper)}: no order, no limit),
     * holding it until it is complete, then delivers it; gives up, delivering nothing and returning -1,
     * once the range turns out to hold more than {@code max} documents or two pages of bytes. The cheapest read for the server
     * (no sort, and reqlite also handles {@code limit} slowly), and as safe to resume: nothing is
     * delivered before the whole range is in. Memory: about {@code max} documents on a server that sends
     * batches; a server that answers in one frame (reqlite) sends the range at once, which the range
     * planner keeps to about a page by cutting ranges from the table's size.
     */
    long scanWhole(KeyRange range, long max, DocumentSink sink) throws IOException {
        Term query = range.between(Term.db(table.db()).table(table.table()));
        List<List<RawJson>> batches = new java.util.ArrayList<>();
        long documents = 0;
        long bytes = 0;
        try (Cursor cursor = connection.cursor(query, options)) {
            List<RawJson> batch;
            while ((batch = cursor.nextBatch()) != null) {
                documents += batch.size();
                for (RawJson doc : batch) {
                    bytes += doc.length();
                }
                // by count and by bytes: a few huge documents must not fill the memory either
                if (documents > max || bytes > 2 * targetPageBytes) {
                    return -1;
                }
                batches.add(batch);
            }
        }
        for (List<RawJson> batch : batches) {
            for (RawJson doc : batch) {
                sink.accept(doc);
                delivered++;
            }
        }
        return documents;
    }

    /** Starts with pages of this many documents (e.g. from a known document size) instead of a small probe page. */
    TableScanner startingPageLength(long documents) {
        this.pageLength = Math.max(1, Math.min(MAX_PAGE_DOCUMENTS, documents));
        return this;
    }

    /** The page length the scan settled on, to start the next range of the same table with. */
    long pageLength() {
        return pageLength;
    }

    /** The primary key of the last document given to the sink; null before the first. */
    JsonNode lastKey() {
        return lastKey;
    }

    /** Documents given to the sink by this scanner so far, also when a scan failed. */
    long delivered() {
        return delivered;
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

    /** Reads only the primary key field of a document, skipping the rest without building it. */
    private JsonNode primaryKeyOf(RawJson document) throws IOException {
        try (JsonParser p = Json.factory().createParser(document.buffer(), document.offset(), document.length())) {
            if (p.nextToken() == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    if (name.equals(primaryKey)) {
                        return PseudoTypes.joinBase64Lines(Json.mapper().readTree(p));
                    }
                    p.skipChildren();
                }
            }
        }
        throw new MigrateException(ErrorKind.SERVER,
                "table " + table + ": a document has no primary key `" + primaryKey + "`");
    }
}
