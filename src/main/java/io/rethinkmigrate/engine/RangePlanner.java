package io.rethinkmigrate.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.rethinkmigrate.archive.TableInfo;
import io.rethinkmigrate.json.Json;
import io.rethinkmigrate.model.TableId;
import io.rethinkmigrate.wire.Connection;
import io.rethinkmigrate.wire.GlobalOptions;
import io.rethinkmigrate.wire.ReqlServerException;
import io.rethinkmigrate.wire.Term;
import java.util.List;
import java.util.Map;

/**
 * Decides how a table is read: as one range, or, when its estimated size is above
 * {@link DumpOptions#rangeBytes()}, as key ranges of about that size cut between its smallest and
 * largest primary key ({@link KeySplitter}). The two end documents, fetched through the primary index
 * ({@code min}/{@code max} with {@code index}: a lookup on a real server), also give the document size
 * that sizes the first page.
 */
final class RangePlanner {
    /** ql2.proto MIN and MAX. */
    private static final int MIN = 147;
    private static final int MAX = 148;
    /** More ranges than this only adds queries. */
    static final int MAX_RANGES = 4_096;

    /**
     * The ranges, the page length to start each with, and whether ranges may be read whole (only when
     * the table's size is known, so that a range is known to be about a page).
     */
    record Plan(List<KeyRange> ranges, long firstPageLength, boolean wholeReads) {
    }

    private RangePlanner() {
    }

    static Plan plan(Connection control, TableId table, TableInfo info, DumpOptions options) {
        long estimated = info.estimatedDocuments();
        Plan single = new Plan(List.of(KeyRange.all()), TableScanner.FIRST_PAGE_DOCUMENTS, false);
        if (estimated < 2 || options.rangeBytes() <= 0) {
            return single;
        }
        Term tableTerm = Term.db(table.db()).table(table.table());
        GlobalOptions read = options.readOptions();
        String pk = info.primaryKey();
        JsonNode first;
        JsonNode last;
        try {
            first = control.run(Term.of(MIN, List.of(tableTerm), Map.of("index", Term.value(pk))), read);
            last = control.run(Term.of(MAX, List.of(tableTerm), Map.of("index", Term.value(pk))), read);
        } catch (ReqlServerException e) {
            return single; // an empty table, or a server without min/max on an index: one range is always right
        }
        long documentBytes = Math.max(16, (Json.write(first).length() + Json.write(last).length()) / 2);
        long firstPage = Math.max(1, Math.min(TableScanner.MAX_PAGE_DOCUMENTS, options.targetPageBytes() / documentBytes));
        long estimatedBytes = estimated * documentBytes;
        int parts = (int) Math.min(MAX_RANGES, (estimatedBytes + options.rangeBytes() - 1) / options.rangeBytes());
        if (parts < 2) {
            return new Plan(single.ranges(), firstPage, true);
        }
        List<JsonNode> splits = KeySplitter.splitKeys(first.get(pk), last.get(pk), parts);
        return new Plan(KeySplitter.ranges(splits), firstPage, true);
    }
}
