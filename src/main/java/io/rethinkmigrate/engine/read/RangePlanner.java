package io.rethinkmigrate.engine.read;

import com.fasterxml.jackson.databind.JsonNode;
import io.rethinkmigrate.archive.meta.TableInfo;
import io.rethinkmigrate.model.TableId;
import io.rethinkmigrate.wire.Connection;
import io.rethinkmigrate.wire.GlobalOptions;
import io.rethinkmigrate.wire.ReqlServerException;
import io.rethinkmigrate.wire.Term;
import io.rethinkmigrate.wire.TermType;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Decides how a table is read: as one range, or, when its estimated size is above
 * {@link DumpOptions#rangeBytes()}, as key ranges of about that size cut between its smallest and
 * largest primary key ({@link KeySplitter}). The two end documents are found through the primary index
 * ({@code min}/{@code max} with {@code index}: a lookup on a real server) and never fetched whole: the
 * server sends their keys and the length of their JSON text, which sizes the first page. A table of
 * documents of tens of megabytes is planned in a few bytes.
 */
public final class RangePlanner {
    /** ql2.proto MIN and MAX. */
    private static final int MIN = 147;
    private static final int MAX = 148;
    /** ql2.proto TO_JSON_STRING. */
    private static final int TO_JSON_STRING = 172;
    /** More ranges than this only adds queries. */
    static final int MAX_RANGES = 4_096;

    /**
     * The ranges, the page length to start each with, and whether ranges may be read whole (only when
     * the table's size is known, so that a range is known to be about a page).
     */
    public record Plan(List<KeyRange> ranges, long firstPageLength, boolean wholeReads) {
    }

    private RangePlanner() {
    }

    /** The length of a document's JSON text, counted by the server (characters: bytes for ASCII). */
    private static Term jsonLength(Term document) {
        return Term.of(TermType.COUNT, List.of(Term.of(TO_JSON_STRING, List.of(document), Map.of())), Map.of());
    }

    /** A pipelined query's answer, its failure thrown as it was (a server error stays one). */
    private static JsonNode answer(CompletableFuture<JsonNode> pending) {
        try {
            return pending.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    public static Plan plan(Connection control, TableId table, TableInfo info, DumpOptions options) {
        return plan(control, table, info, options, 1);
    }

    /**
     * As {@link #plan(Connection, TableId, TableInfo, DumpOptions)}, cut into at least {@code minRanges}
     * ranges when the keys allow it (a plan of parts cuts a big table finer than its size alone would).
     */
    public static Plan plan(Connection control, TableId table, TableInfo info, DumpOptions options, int minRanges) {
        long estimated = info.estimatedDocuments();
        Plan single = new Plan(List.of(KeyRange.all()), TableScanner.FIRST_PAGE_DOCUMENTS, false);
        if (estimated < 2 || options.rangeBytes() <= 0) {
            return single;
        }
        Term tableTerm = Term.db(table.db()).table(table.table());
        GlobalOptions read = options.readOptions();
        String pk = info.primaryKey();
        Term first = Term.of(MIN, List.of(tableTerm), Map.of("index", Term.value(pk)));
        Term last = Term.of(MAX, List.of(tableTerm), Map.of("index", Term.value(pk)));
        JsonNode firstKey;
        JsonNode lastKey;
        long documentBytes;
        try {
            List<CompletableFuture<JsonNode>> answers = List.of(control.runAsync(first.bracket(pk), read),
                    control.runAsync(last.bracket(pk), read), control.runAsync(jsonLength(first), read),
                    control.runAsync(jsonLength(last), read));
            firstKey = answer(answers.get(0));
            lastKey = answer(answers.get(1));
            documentBytes = Math.max(16, (answer(answers.get(2)).asLong()
                    + answer(answers.get(3)).asLong()) / 2);
        } catch (ReqlServerException e) {
            return single; // an empty table, or a server without min/max on an index: one range is always right
        }
        long firstPage = Math.max(1, Math.min(TableScanner.MAX_PAGE_DOCUMENTS, options.targetPageBytes() / documentBytes));
        long estimatedBytes = estimated * documentBytes;
        int parts = (int) Math.min(MAX_RANGES, Math.max(minRanges,
                (estimatedBytes + options.rangeBytes() - 1) / options.rangeBytes()));
        if (parts < 2) {
            return new Plan(single.ranges(), firstPage, true);
        }
        List<JsonNode> splits = KeySplitter.splitKeys(firstKey, lastKey, parts);
        return new Plan(KeySplitter.ranges(splits), firstPage, true);
    }
}
