package io.rethinkmigrate.engine.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rethinkmigrate.json.Json;
import io.rethinkmigrate.json.RawJson;
import io.rethinkmigrate.testsupport.RecordedServer;
import io.rethinkmigrate.wire.Connection;
import io.rethinkmigrate.wire.Cursor;
import io.rethinkmigrate.wire.GlobalOptions;
import io.rethinkmigrate.wire.Term;
import io.rethinkmigrate.wire.TermType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The follower's apply logic without a server: feed elements as changes, the reduction of a run of
 * changes to one upsert and one delete, and the terms sent for them; a real server's recorded feed frame.
 */
@Timeout(60)
class ChangeBatchTest {

    private static ChangeBatch.Change parse(String element) {
        return ChangeBatch.parse(Json.parse(element), "id");
    }

    @Test
    void insertUpdateAndDeleteElementsBecomeChanges() {
        ChangeBatch.Change insert = parse("{\"new_val\":{\"id\":1,\"a\":1},\"old_val\":null}");
        assertEquals("1", Json.write(insert.key()));
        assertEquals("{\"id\":1,\"a\":1}", Json.write(insert.newValue()));
        ChangeBatch.Change update = parse("{\"new_val\":{\"id\":\"k\",\"a\":2},\"old_val\":{\"id\":\"k\",\"a\":1}}");
        assertEquals("\"k\"", Json.write(update.key()));
        ChangeBatch.Change delete = parse("{\"new_val\":null,\"old_val\":{\"id\":[1,\"x\"],\"a\":1}}");
        assertEquals("[1,\"x\"]", Json.write(delete.key()));
        assertNull(delete.newValue(), "a delete has no new value");
        // reqlite leaves out new_val on some deletes
        assertNull(parse("{\"old_val\":{\"id\":3}}").newValue());
    }

    @Test
    void statesAndEmptyInitialValuesChangeNothing() {
        assertNull(parse("{\"state\":\"ready\"}"));
        assertNull(parse("{\"new_val\":null}"));
    }

    @Test
    void anErrorElementIsAGapInTheFeed() {
        ChangeBatch.FeedGap gap = assertThrows(ChangeBatch.FeedGap.class,
                () -> parse("{\"error\":\"Changefeed cache over array size limit, skipped 12 elements.\"}"));
        assertTrue(gap.getMessage().contains("skipped 12 elements"), gap.getMessage());
        assertThrows(ChangeBatch.FeedGap.class, () -> parse("{\"new_val\":{\"other\":1}}"), "no primary key");
    }

    @Test
    void onlyTheLastChangeOfEachKeyCounts() {
        ChangeBatch batch = new ChangeBatch();
        batch.add(parse("{\"new_val\":{\"id\":1,\"v\":1},\"old_val\":null}"));
        batch.add(parse("{\"new_val\":{\"id\":2,\"v\":1},\"old_val\":null}"));
        batch.add(parse("{\"new_val\":{\"id\":1,\"v\":2},\"old_val\":{\"id\":1,\"v\":1}}"));
        batch.add(parse("{\"new_val\":null,\"old_val\":{\"id\":2,\"v\":1}}"));
        batch.add(parse("{\"new_val\":null,\"old_val\":{\"id\":3}}"));
        batch.add(parse("{\"new_val\":{\"id\":3,\"v\":9},\"old_val\":null}"));
        assertEquals(6, batch.changes());
        assertEquals(List.of("{\"id\":1,\"v\":2}", "{\"id\":3,\"v\":9}"), batch.upserts().stream().map(Json::write).toList());
        assertEquals(List.of("2"), batch.deletes().stream().map(Json::write).toList());
    }

    @Test
    void termsAreAnInsertWithConflictReplaceAndAGetAllDelete() {
        ChangeBatch batch = new ChangeBatch();
        batch.add(parse("{\"new_val\":{\"id\":1,\"t\":{\"$reql_type$\":\"TIME\",\"epoch_time\":1,\"timezone\":\"+00:00\"}}}"));
        batch.add(parse("{\"new_val\":null,\"old_val\":{\"id\":\"gone\"}}"));
        Term table = Term.db("d").table("t");
        ChangeApplier applier = new ChangeApplier(new io.rethinkmigrate.model.TableId("d", "t"), false);
        String insert = batch.upsertTerm(table, applier.insertOptions()).toJson();
        assertTrue(insert.startsWith("[" + TermType.INSERT + ","), insert);
        assertTrue(insert.contains("\"conflict\":\"replace\""), insert);
        assertTrue(insert.contains("\"durability\":\"soft\""), insert);
        assertTrue(insert.contains("[" + TermType.JSON + ",[\"[{\\\"id\\\":1,"), "documents go through r.json: " + insert);
        String delete = batch.deleteTerm(table, applier.deleteOptions()).toJson();
        assertEquals("[" + TermType.DELETE + ",[[" + ChangeBatch.GET_ALL + ",[[15,[[14,[\"d\"]],\"t\"]],\"gone\"]]],"
                + "{\"durability\":\"soft\"}]", delete);
        ChangeBatch onlyInserts = new ChangeBatch();
        onlyInserts.add(parse("{\"new_val\":{\"id\":1}}"));
        assertNull(onlyInserts.deleteTerm(table, Map.of()), "no delete query when nothing is deleted");
    }

    /**
     * Random runs of changes cut into batches at random points, each batch reduced and applied to an
     * in-memory target: the target ends equal to the source, whatever the cuts.
     */
    @Test
    void replayingReducedBatchesEndsInTheSourceState() {
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            Map<Integer, String> source = new TreeMap<>();
            List<String> feed = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                int key = random.nextInt(20);
                String old = source.get(key);
                String oldJson = old == null ? "null" : old;
                if (random.nextInt(3) == 0) {
                    source.remove(key);
                    feed.add("{\"new_val\":null,\"old_val\":" + oldJson + "}");
                } else {
                    String doc = "{\"id\":" + key + ",\"v\":" + i + "}";
                    source.put(key, doc);
                    feed.add("{\"new_val\":" + doc + ",\"old_val\":" + oldJson + "}");
                }
            }
            Map<String, String> target = new HashMap<>();
            ChangeBatch batch = new ChangeBatch();
            for (String element : feed) {
                ChangeBatch.Change change = parse(element);
                if (change != null) {
                    batch.add(change);
                }
                if (random.nextInt(10) == 0) {
                    apply(batch, target);
                    batch = new ChangeBatch();
                }
            }
            apply(batch, target);
            Map<String, String> expected = new HashMap<>();
            source.forEach((k, v) -> expected.put(String.valueOf(k), v));
            assertEquals(expected, target, "round " + round);
        }
    }

    private static void apply(ChangeBatch batch, Map<String, String> target) {
        for (JsonNode doc : batch.upserts()) {
            target.put(Json.write(doc.get("id")), Json.write(doc));
        }
        for (JsonNode key : batch.deletes()) {
            target.remove(Json.write(key));
        }
    }

    /** A real 2.4 server's first frame of a feed (SUCCESS_PARTIAL with the SEQUENCE_FEED note) reads as a change. */
    @Test
    void aRecordedFeedFrameReadsAsAChange() throws Exception {
        try (RecordedServer server = RecordedServer.start(); Connection c = Connection.open(server.options())) {
            Term changes = Term.of(TermType.CHANGES, List.of(Term.db("shop").table("empty_table")),
                    Map.of("include_initial", Term.value(true)));
            Term query = Term.of(TermType.LIMIT, List.of(changes, Term.value(1)), Map.of());
            try (Cursor cursor = c.cursor(query, GlobalOptions.none().rawFormats())) {
                cursor.awaitFirstResponse();
                List<RawJson> batch = cursor.nextBatch();
                assertEquals(1, batch.size());
                ChangeBatch.Change change = ChangeBatch.parse(Json.parse(batch.get(0)), "id");
                assertEquals("1", Json.write(change.key()));
                assertEquals("{\"id\":1}", Json.write((ObjectNode) change.newValue()));
            }
        }
    }
}
