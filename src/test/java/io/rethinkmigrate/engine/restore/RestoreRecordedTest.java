package io.rethinkmigrate.engine.restore;

import static io.rethinkmigrate.engine.restore.RecordedRestoreSupport.answerInserts;
import static io.rethinkmigrate.engine.restore.RecordedRestoreSupport.dbCreate;
import static io.rethinkmigrate.engine.restore.RecordedRestoreSupport.dbList;
import static io.rethinkmigrate.engine.restore.RecordedRestoreSupport.indexCreate;
import static io.rethinkmigrate.engine.restore.RecordedRestoreSupport.indexNames;
import static io.rethinkmigrate.engine.restore.RecordedRestoreSupport.indexStatus;
import static io.rethinkmigrate.engine.restore.RecordedRestoreSupport.indexWait;
import static io.rethinkmigrate.engine.restore.RecordedRestoreSupport.officialInfos;
import static io.rethinkmigrate.engine.restore.RecordedRestoreSupport.registerTable;
import static io.rethinkmigrate.engine.restore.RecordedRestoreSupport.setWriteHook;
import static io.rethinkmigrate.engine.restore.RecordedRestoreSupport.tableCreate;
import static io.rethinkmigrate.engine.restore.RecordedRestoreSupport.tableList;
import static io.rethinkmigrate.engine.restore.RecordedRestoreSupport.tables;
import static io.rethinkmigrate.engine.restore.RecordedRestoreSupport.waitReady;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rethinkmigrate.archive.ArchiveReader;
import io.rethinkmigrate.archive.meta.IndexSpec;
import io.rethinkmigrate.archive.meta.TableInfo;
import io.rethinkmigrate.archive.tar.ArchiveReaderOptions;
import io.rethinkmigrate.archive.tar.OfficialArchiveReader;
import io.rethinkmigrate.json.Json;
import io.rethinkmigrate.model.TableId;
import io.rethinkmigrate.progress.ProgressListener;
import io.rethinkmigrate.progress.RunSummary;
import io.rethinkmigrate.progress.TableResult;
import io.rethinkmigrate.testsupport.Canonical;
import io.rethinkmigrate.testsupport.Fixtures;
import io.rethinkmigrate.testsupport.RecordedServer.Event;
import io.rethinkmigrate.testsupport.RecordedServer.Kind;
import io.rethinkmigrate.testsupport.RecordedServer;
import io.rethinkmigrate.wire.Connection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The restore path against the real server's recorded answers: the queries our restore sends for a
 * table of the official dump, in the order that keeps documents as they were (the write hook only after
 * the last insert was acknowledged: the official tool sets it while inserts are still running), with the
 * index and hook blobs of the official `.info`.
 */
@Timeout(120)
class RestoreRecordedTest {
    private static final TableId CUSTOMERS = new TableId("shop", "customers");
    private static final TableId ORDERS = new TableId("shop", "orders");
    /** Inserts are acknowledged late, so that a hook or index sent before the acks would show up first. */
    private static final Duration INSERT_DELAY = Duration.ofMillis(150);

    @TempDir
    Path dir;

    private static RunSummary restore(RecordedServer server, Path archive) throws Exception {
        return restore(server, archive, RestoreOptions.builder().clients(2).batches(1, 1024 * 1024).build());
    }

    private static RunSummary restore(RecordedServer server, Path archive, RestoreOptions options) throws Exception {
        Restorer restorer = new Restorer(() -> Connection.open(server.options()), options, ProgressListener.NONE);
        try (ArchiveReader reader = OfficialArchiveReader.open(archive, ArchiveReaderOptions.defaults())) {
            return restorer.restore(reader);
        }
    }

    @Test
    void createsLoadsThenBuildsIndexesAndSetsTheHookLast() throws Exception {
        List<String> fixtureDocs = RecordedRestoreSupport.officialDocuments(CUSTOMERS, 3);
        Path archive = RecordedRestoreSupport.writeArchive(dir, tables(CUSTOMERS, 3));
        List<String> inserted = Collections.synchronizedList(new ArrayList<>());
        RunSummary summary;
        List<Event> events;
        try (RecordedServer server = RecordedRestoreSupport.freshServer()) {
            registerTable(server, CUSTOMERS);
            answerInserts(server, CUSTOMERS, INSERT_DELAY, inserted);
            summary = restore(server, archive);
            server.assertAllAnswered();
            events = server.events();
        }
        TableResult result = summary.tables().get(0);
        assertEquals(TableResult.Status.DONE, result.status(), String.valueOf(result.error()));
        assertEquals(3, result.documents());
        assertEquals(5, result.indexes());
        assertTrue(result.writeHook());
        assertEquals(sorted(fixtureDocs), sorted(inserted), "the fixture's documents, each inserted once");

        TableInfo info = officialInfos().get(CUSTOMERS);
        List<String> starts = starts(events);
        List<String> expected = new ArrayList<>(List.of(dbList(), tableList("test"), dbCreate("shop"),
                tableCreate(CUSTOMERS, "id"), waitReady(CUSTOMERS)));
        List<String> inserts = starts.stream().filter(q -> termType(q) == 56).toList();
        assertEquals(3, inserts.size(), "one insert per document (batches of 1)");
        expected.addAll(inserts);
        expected.add(indexStatus(CUSTOMERS));
        for (IndexSpec index : info.indexes()) {
            expected.add(indexCreate(CUSTOMERS, index.name(), index.function()));
        }
        expected.add(indexWait(CUSTOMERS, indexNames(CUSTOMERS)));
        expected.add(setWriteHook(CUSTOMERS, info.writeHook().get("function")));
        assertEquals(expected.stream().map(RestoreRecordedTest::termType).toList(),
                starts.stream().map(RestoreRecordedTest::termType).toList(), "term types of the queries, in order");
        assertEquals(expected, starts, "queries in this order, exactly these");
        for (String insert : inserts) {
            assertTrue(insert.endsWith("{\"conflict\":\"error\",\"durability\":\"soft\"}],{}]"), insert);
        }

        // nothing after the data went out before every insert was acknowledged
        int lastAck = lastIndex(events, e -> e.kind() == Kind.ANSWERED && e.termType() == 56);
        int firstAfterData = firstIndex(events, e -> e.kind() == Kind.RECEIVED && e.termType() == 139);
        int hook = firstIndex(events, e -> e.kind() == Kind.RECEIVED && e.termType() == 189);
        assertTrue(lastAck < firstAfterData, "indexes only after the last insert was acknowledged");
        assertTrue(lastAck < hook, "write hook only after the last insert was acknowledged");

        // the terms carry the fixture's blobs (MIME line breaks removed, nothing else changed)
        List<JsonNode> indexCreates = starts.stream().filter(q -> termType(q) == 75).map(Json::parse).toList();
        for (int i = 0; i < indexCreates.size(); i++) {
            JsonNode args = indexCreates.get(i).get(1).get(1);
            IndexSpec index = info.indexes().get(i);
            assertEquals(index.name(), args.get(1).asText());
            assertBlob(index.function(), args.get(2));
        }
        JsonNode hookArgs = Json.parse(starts.get(starts.size() - 1)).get(1).get(1);
        assertBlob(info.writeHook().get("function"), hookArgs.get(1));
    }

    /**
     * `copy --follow` starts applying a table's changes when the restore reports the table finished: a
     * change applied while a batch of the copy is still on its way would be refused by it as a duplicate.
     */
    @Test
    void aTableIsReportedFinishedOnlyOnceEveryInsertIsAcknowledged() throws Exception {
        Path archive = RecordedRestoreSupport.writeArchive(dir, tables(CUSTOMERS, 3));
        List<Long> acksWhenFinished = Collections.synchronizedList(new ArrayList<>());
        try (RecordedServer server = RecordedRestoreSupport.freshServer()) {
            registerTable(server, CUSTOMERS);
            answerInserts(server, CUSTOMERS, INSERT_DELAY, Collections.synchronizedList(new ArrayList<>()));
            ProgressListener listener = new ProgressListener() {
                @Override
                public void tableFinished(TableResult result) {
                    acksWhenFinished.add(server.events().stream()
                            .filter(e -> e.kind() == Kind.ANSWERED && e.termType() == 56).count());
                }
            };
            RestoreOptions options = RestoreOptions.builder().clients(2).batches(1, 1024 * 1024).build();
            try (ArchiveReader reader = OfficialArchiveReader.open(archive, ArchiveReaderOptions.defaults())) {
                new Restorer(() -> Connection.open(server.options()), options, listener).restore(reader);
            }
        }
        assertEquals(List.of(3L), acksWhenFinished, "the table's three inserts were acknowledged before it was reported finished");
    }

    @Test
    void aRefusedIndexLeavesTheTableIncompleteAndTheRestoreGoesOn() throws Exception {
        Path archive = RecordedRestoreSupport.writeArchive(dir, tables(CUSTOMERS, 2, ORDERS, 2));
        TableInfo info = officialInfos().get(CUSTOMERS);
        IndexSpec location = info.indexes().stream().filter(i -> i.name().equals("location")).findFirst().orElseThrow();
        List<String> inserted = Collections.synchronizedList(new ArrayList<>());
        RunSummary summary;
        List<String> starts;
        try (RecordedServer server = RecordedRestoreSupport.freshServer()) {
            registerTable(server, CUSTOMERS);
            registerTable(server, ORDERS);
            answerInserts(server, CUSTOMERS, INSERT_DELAY, inserted);
            answerInserts(server, ORDERS, INSERT_DELAY, inserted);
            // refused in the recorded error style (RUNTIME_ERROR, OP_FAILED), as "error: index exists"
            ObjectNode refused = Fixtures.answer("error: index exists").get("frames").get(0).deepCopy();
            refused.putArray("r").add("Index `location` already exists on table `shop.customers`.");
            server.answer(indexCreate(CUSTOMERS, "location", location.function()), List.of(refused));
            List<String> built = indexNames(CUSTOMERS).stream().filter(n -> !n.equals("location")).toList();
            server.answer(indexWait(CUSTOMERS, built), List.of(RecordedServer.atom(info.raw().get("indexes"))));
            summary = restore(server, archive);
            server.assertAllAnswered();
            starts = starts(server.events());
        }
        assertEquals(2, summary.tables().size());
        TableResult customers = summary.tables().get(0);
        assertEquals(CUSTOMERS, customers.table());
        assertEquals(TableResult.Status.INCOMPLETE, customers.status());
        assertEquals(2, customers.documents(), "the data is in");
        assertEquals(4, customers.indexes());
        assertTrue(customers.writeHook(), "the hook is still set");
        assertTrue(customers.error().contains("index `location`"), customers.error());
        assertTrue(customers.error().contains("already exists"), customers.error());
        assertTrue(summary.warnings().stream().anyMatch(w -> w.contains("location")), summary.warnings().toString());

        TableResult orders = summary.tables().get(1);
        assertEquals(ORDERS, orders.table());
        assertEquals(TableResult.Status.DONE, orders.status(), String.valueOf(orders.error()));
        assertEquals(2, orders.documents());
        assertEquals(3, orders.indexes());
        assertNull(officialInfos().get(ORDERS).writeHook());
        assertEquals(4, inserted.size());
        assertTrue(starts.contains(tableCreate(ORDERS, "order_no")), "orders created with its primary key");
        // the next table is read and created while this one finishes: only the order inside a table holds
        assertTrue(starts.indexOf(setWriteHook(CUSTOMERS, info.writeHook().get("function")))
                > starts.indexOf(indexCreate(CUSTOMERS, "location", location.function())),
                "the incomplete table's hook is still set after its indexes");
        assertTrue(starts.stream().noneMatch(q -> termType(q) == 189 && q.contains("\"orders\"")),
                "no write hook for a table without one");
    }

    private static void assertBlob(JsonNode fixtureBlob, JsonNode sent) {
        assertEquals("BINARY", sent.get("$reql_type$").asText());
        assertEquals(fixtureBlob.get("data").asText().replaceAll("\\s", ""), sent.get("data").asText());
        assertTrue(fixtureBlob.get("data").asText().contains("\r\n"), "the fixture's blob has the server's MIME lines");
    }

    private static List<String> starts(List<Event> events) {
        return events.stream().filter(e -> e.kind() == Kind.RECEIVED && e.query().startsWith("[1,"))
                .map(Event::query).toList();
    }

    private static int termType(String query) {
        return Json.parse(query).get(1).get(0).asInt();
    }

    private static int firstIndex(List<Event> events, java.util.function.Predicate<Event> p) {
        return IntStream.range(0, events.size()).filter(i -> p.test(events.get(i))).findFirst().orElseThrow();
    }

    private static int lastIndex(List<Event> events, java.util.function.Predicate<Event> p) {
        return IntStream.range(0, events.size()).filter(i -> p.test(events.get(i))).max().orElseThrow();
    }

    private static List<String> sorted(List<String> docs) {
        return docs.stream().map(Canonical::canonical).sorted().toList();
    }

    @Test
    void createsTablesWithTheShardsAndReplicasAsked() throws Exception {
        // the official tool parses --shards/--replicas and ignores them; ours passes them to table_create
        Path archive = RecordedRestoreSupport.writeArchive(dir, tables(ORDERS, 2));
        String sharded = "[1,[60,[[14,[\"shop\"]],\"orders\"],{\"primary_key\":\"order_no\",\"shards\":2,\"replicas\":1}],{}]";
        RunSummary summary;
        try (RecordedServer server = RecordedRestoreSupport.freshServer()) {
            registerTable(server, ORDERS);
            server.answer(sharded, RecordedRestoreSupport.frames("table_create with shards/replicas"));
            answerInserts(server, ORDERS, Duration.ZERO, Collections.synchronizedList(new ArrayList<>()));
            summary = restore(server, archive, RestoreOptions.builder().sharding(2, 1).build());
            server.assertAllAnswered();
            assertTrue(server.queries().contains(sharded), "table_create carries shards and replicas: " + server.queries());
        }
        assertEquals(TableResult.Status.DONE, summary.tables().get(0).status(), String.valueOf(summary.tables()));
        assertEquals(2, summary.tables().get(0).documents());
    }

    @Test
    void aRefusedBatchFailsTheTableAndSaysHowManyDocumentsWereWritten() throws Exception {
        Path archive = RecordedRestoreSupport.writeArchive(dir, tables(ORDERS, 3));
        java.util.concurrent.atomic.AtomicInteger inserts = new java.util.concurrent.atomic.AtomicInteger();
        RunSummary summary;
        try (RecordedServer server = RecordedRestoreSupport.freshServer()) {
            registerTable(server, ORDERS);
            // the third one-document batch is refused the way the server refuses a duplicate key
            JsonNode duplicate = Fixtures.answer("insert duplicate (conflict error)").get("frames").get(0);
            server.answerWhen(q -> q.get(1).get(0).asInt() == 56, Duration.ZERO,
                    q -> List.of(inserts.incrementAndGet() < 3 ? RecordedServer.insertResult(1) : duplicate));
            summary = restore(server, archive, RestoreOptions.builder().clients(1).batches(1, 1024 * 1024).build());
            assertTrue(server.queries().stream().noneMatch(q -> q.startsWith("[1,[75,")),
                    "no index is built on a table whose data failed");
        }
        TableResult orders = summary.tables().get(0);
        assertEquals(TableResult.Status.FAILED, orders.status());
        assertEquals(2, orders.documents(), "the two acknowledged documents are counted");
        assertTrue(orders.error().contains("1 document(s) of a batch were refused: Duplicate primary key `order_no`"),
                orders.error());
    }
}
