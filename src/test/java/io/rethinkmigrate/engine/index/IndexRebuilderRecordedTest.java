package io.rethinkmigrate.engine.index;

import static io.rethinkmigrate.engine.restore.RecordedRestoreSupport.dbList;
import static io.rethinkmigrate.engine.restore.RecordedRestoreSupport.indexCreate;
import static io.rethinkmigrate.engine.restore.RecordedRestoreSupport.str;
import static io.rethinkmigrate.engine.restore.RecordedRestoreSupport.table;
import static io.rethinkmigrate.engine.restore.RecordedRestoreSupport.tableList;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rethinkmigrate.engine.Selection;
import io.rethinkmigrate.engine.restore.RecordedRestoreSupport;
import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;
import io.rethinkmigrate.json.Json;
import io.rethinkmigrate.model.TableId;
import io.rethinkmigrate.progress.ProgressListener;
import io.rethinkmigrate.progress.RunSummary;
import io.rethinkmigrate.progress.TableResult;
import io.rethinkmigrate.testsupport.Fixtures;
import io.rethinkmigrate.testsupport.RecordedServer;
import io.rethinkmigrate.wire.Connection;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The queries of `index-rebuild` against the real server's recorded answers (shop.orders' index_status
 * with its function blobs, the index_create answer of the restore path): for each index to rebuild,
 * create it under a temporary name from its own blob, wait for it, rename it over the old one with
 * overwrite; on a failure drop the temporary index and leave the old one.
 */
@Timeout(120)
class IndexRebuilderRecordedTest {
    private static final TableId ORDERS = new TableId("shop", "orders");
    private static final String INDEX_STATUS = Json.write(Fixtures.answer("index_status shop.orders (raw)").get("query"));

    /** A server holding shop.orders whose index_status says these indexes are outdated. */
    private static RecordedServer server(String... outdated) throws Exception {
        RecordedServer server = RecordedServer.start();
        server.answer(dbList(), List.of(RecordedServer.atom("[\"rethinkdb\",\"shop\"]")));
        server.answer(tableList("shop"), List.of(RecordedServer.atom("[\"orders\"]")));
        server.answer(INDEX_STATUS, List.of(RecordedServer.atom(statuses(Set.of(outdated), List.of()))));
        return server;
    }

    /** The recorded index_status of shop.orders, with `outdated` set as asked and extra (leftover) entries. */
    private static ArrayNode statuses(Set<String> outdated, List<String> extra) {
        ArrayNode list = (ArrayNode) Fixtures.answer("index_status shop.orders (raw)").get("frames").get(0).get("r").get(0).deepCopy();
        for (JsonNode status : list) {
            ((ObjectNode) status).put("outdated", outdated.contains(status.get("index").asText()));
        }
        for (String name : extra) {
            ObjectNode copy = list.get(0).deepCopy();
            copy.put("index", name);
            list.add(copy);
        }
        return list;
    }

    private static JsonNode blob(String index) {
        for (JsonNode status : statuses(Set.of(), List.of())) {
            if (status.get("index").asText().equals(index)) {
                return status.get("function");
            }
        }
        throw new AssertionError(index);
    }

    private static String temp(String index) {
        return IndexRebuilder.TEMP_PREFIX + index;
    }

    private static String indexWait(String name) {
        return "[1,[140,[" + table(ORDERS) + "," + str(name) + "]],{}]";
    }

    private static String rename(String index) {
        return "[1,[156,[" + table(ORDERS) + "," + str(temp(index)) + "," + str(index) + "],{\"overwrite\":true}],{}]";
    }

    private static String drop(String name) {
        return "[1,[76,[" + table(ORDERS) + "," + str(name) + "]],{}]";
    }

    /** Answers the rebuild queries of an index as a real server does. */
    private static void answerRebuild(RecordedServer server, String index) {
        server.answer(indexCreate(ORDERS, temp(index), blob(index)),
                RecordedRestoreSupport.frames("index_create from blob of index_status (restore path)"));
        server.answer(indexWait(temp(index)), List.of(RecordedServer.atom(statuses(Set.of(), List.of()))));
        server.answer(rename(index), List.of(RecordedServer.atom("{\"renamed\":1}")));
    }

    private static List<String> rebuildQueries(String index) {
        return List.of(indexCreate(ORDERS, temp(index), blob(index)), indexWait(temp(index)), rename(index));
    }

    private static RunSummary rebuild(RecordedServer server, IndexRebuildOptions options) throws Exception {
        return new IndexRebuilder(() -> Connection.open(server.options()), options, ProgressListener.NONE).rebuild();
    }

    @Test
    void onlyTheOutdatedIndexIsBuiltAgainUnderATemporaryNameThenRenamedOverTheOld() throws Exception {
        RunSummary summary;
        List<String> queries;
        try (RecordedServer server = server("placed_at")) {
            answerRebuild(server, "placed_at");
            summary = rebuild(server, IndexRebuildOptions.defaults());
            server.assertAllAnswered();
            queries = server.queries();
        }
        List<String> expected = new ArrayList<>(List.of(dbList(), tableList("shop"), INDEX_STATUS));
        expected.addAll(rebuildQueries("placed_at"));
        assertEquals(expected, queries, "create temp from the index's own blob, wait, rename with overwrite");
        assertEquals(1, summary.tables().size());
        TableResult orders = summary.tables().get(0);
        assertEquals(TableResult.Status.DONE, orders.status(), String.valueOf(orders.error()));
        assertEquals(1, orders.indexes());
        assertTrue(summary.allDone());
    }

    @Test
    void nothingOutdatedMeansNothingTouched() throws Exception {
        try (RecordedServer server = server()) {
            RunSummary summary = rebuild(server, IndexRebuildOptions.defaults());
            server.assertAllAnswered();
            assertEquals(List.of(dbList(), tableList("shop"), INDEX_STATUS), server.queries());
            assertEquals(List.of(), summary.tables());
            assertTrue(summary.allDone());
        }
    }

    @Test
    void forceRebuildsEveryIndexConcurrentlyEachOnItsOwnConnection() throws Exception {
        List<String> queries;
        RunSummary summary;
        int connections;
        try (RecordedServer server = server()) {
            for (String index : List.of("customer_id", "item_skus", "placed_at")) {
                answerRebuild(server, index);
            }
            summary = rebuild(server, new IndexRebuildOptions(Selection.parse("-r", List.of("shop.orders")), 2, true));
            server.assertAllAnswered();
            queries = server.queries();
            connections = server.connectionCount();
        }
        assertEquals(3, summary.tables().get(0).indexes());
        assertTrue(summary.allDone());
        assertEquals(3, connections, "the control connection and two workers");
        Set<String> expected = new HashSet<>(List.of(dbList(), tableList("shop"), INDEX_STATUS));
        for (String index : List.of("customer_id", "item_skus", "placed_at")) {
            List<String> steps = rebuildQueries(index);
            expected.addAll(steps);
            assertTrue(queries.indexOf(steps.get(0)) < queries.indexOf(steps.get(1))
                    && queries.indexOf(steps.get(1)) < queries.indexOf(steps.get(2)), index + ": create, wait, rename in order");
        }
        assertEquals(expected, new HashSet<>(queries));
        assertEquals(9 + 3, queries.size());
    }

    @Test
    void aFailedBuildDropsTheTemporaryIndexAndKeepsTheOld() throws Exception {
        RunSummary summary;
        List<String> queries;
        try (RecordedServer server = server("placed_at", "customer_id")) {
            answerRebuild(server, "customer_id");
            answerRebuild(server, "placed_at");
            // the build fails in the recorded error style (RUNTIME_ERROR, OP_FAILED)
            ObjectNode failed = Fixtures.answer("error: index exists").get("frames").get(0).deepCopy();
            failed.putArray("r").add("Index `" + temp("placed_at") + "` on table `shop.orders` was dropped.");
            server.answer(indexWait(temp("placed_at")), List.of(failed));
            server.answer(drop(temp("placed_at")), List.of(RecordedServer.atom("{\"dropped\":1}")));
            summary = rebuild(server, IndexRebuildOptions.defaults());
            server.assertAllAnswered();
            queries = server.queries();
        }
        assertTrue(queries.contains(drop(temp("placed_at"))), "the temporary index is dropped");
        assertFalse(queries.contains(rename("placed_at")), "the old index is not replaced");
        assertTrue(queries.containsAll(rebuildQueries("customer_id")), "the other outdated index is still rebuilt");
        TableResult orders = summary.tables().get(0);
        assertEquals(TableResult.Status.INCOMPLETE, orders.status());
        assertEquals(1, orders.indexes());
        assertTrue(orders.error().contains("index `placed_at` of shop.orders was not rebuilt (the old index is kept)"), orders.error());
        assertTrue(orders.error().contains("was dropped"), "the server's reason: " + orders.error());
        assertFalse(summary.allDone());
    }

    @Test
    void aLeftoverTemporaryIndexIsDroppedFirstAndNeverRebuiltItself() throws Exception {
        List<String> queries;
        try (RecordedServer server = RecordedServer.start()) {
            server.answer(dbList(), List.of(RecordedServer.atom("[\"rethinkdb\",\"shop\"]")));
            server.answer(tableList("shop"), List.of(RecordedServer.atom("[\"orders\"]")));
            server.answer(INDEX_STATUS, List.of(RecordedServer.atom(statuses(Set.of("placed_at"), List.of(temp("placed_at"))))));
            server.answer(drop(temp("placed_at")), List.of(RecordedServer.atom("{\"dropped\":1}")));
            for (String index : List.of("customer_id", "item_skus", "placed_at")) {
                answerRebuild(server, index);
            }
            RunSummary summary = rebuild(server, new IndexRebuildOptions(Selection.all(), 1, true));
            server.assertAllAnswered();
            queries = server.queries();
            assertEquals(3, summary.tables().get(0).indexes(), "the three real indexes, not the leftover");
        }
        assertEquals(drop(temp("placed_at")), queries.get(queries.indexOf(indexCreate(ORDERS, temp("placed_at"), blob("placed_at"))) - 1));
    }

    @Test
    void aNamedTableThatDoesNotExistIsAUsageError() throws Exception {
        try (RecordedServer server = server()) {
            MigrateException e = assertThrows(MigrateException.class,
                    () -> rebuild(server, new IndexRebuildOptions(Selection.parse("-r", List.of("shop.nope")), 1, false)));
            assertEquals(ErrorKind.USAGE, e.kind());
            assertTrue(e.getMessage().contains("shop.nope"), e.getMessage());
        }
    }
}
