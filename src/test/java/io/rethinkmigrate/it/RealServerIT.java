package io.rethinkmigrate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rethinkmigrate.archive.meta.IndexSpec;
import io.rethinkmigrate.archive.meta.TableInfo;
import io.rethinkmigrate.json.Json;
import io.rethinkmigrate.json.RawJson;
import io.rethinkmigrate.model.TableId;
import io.rethinkmigrate.testsupport.ArchiveContents;
import io.rethinkmigrate.testsupport.Canonical;
import io.rethinkmigrate.testsupport.CliResult;
import io.rethinkmigrate.testsupport.CliRunner;
import io.rethinkmigrate.testsupport.Fixtures;
import io.rethinkmigrate.testsupport.JsDriver;
import io.rethinkmigrate.testsupport.TestServer;
import io.rethinkmigrate.wire.ConnectOptions;
import io.rethinkmigrate.wire.Connection;
import io.rethinkmigrate.wire.Cursor;
import io.rethinkmigrate.wire.Endpoint;
import io.rethinkmigrate.wire.GlobalOptions;
import io.rethinkmigrate.wire.Term;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * What only a real RethinkDB server can show (reqlite cannot): the official fixture restores with its
 * write hook set after the data (no restored document touched by it) and its indexes rebuilt from the
 * blobs; a cursor read comes in several batches; a dump over the legacy V0_4 handshake ({@code --auth},
 * which a 2.3+ server checks against admin's password) gives the same tables back.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealServerIT {
    private static final List<String> DATABASES = List.of("shop", "edge");
    private static final TableId CUSTOMERS = new TableId("shop", "customers");
    private static final TableId ORDERS = new TableId("shop", "orders");

    @TempDir
    static Path dir;

    private static TestServer server;
    private static JsDriver js;
    private static ArchiveContents fixture;
    private static boolean restored;

    @BeforeAll
    static void restoreTheFixture() throws Exception {
        server = TestServer.requireRealServer("answer the V0_4 handshake, set write hooks, build indexes from"
                + " blobs or send a cursor in batches");
        js = new JsDriver(server);
        ServerArgs.requireAbsent(server, js.tables(), DATABASES);
        fixture = ArchiveContents.read(Fixtures.officialDump());
        restored = true;
        CliResult restore = new CliRunner().timeout(Duration.ofMinutes(10))
                .run(ServerArgs.with(server, "restore", Fixtures.officialDump().toString()));
        assertEquals(0, restore.exitCode(), restore.describe());
    }

    @AfterAll
    static void dropRestoredDatabases() {
        if (restored) {
            DATABASES.forEach(js::dropDb);
        }
    }

    private static Connection connect() {
        return Connection.open(ConnectOptions.builder().endpoint(new Endpoint(server.host(), server.port()))
                .password(server.password()).connectTimeout(Duration.ofSeconds(20)).build());
    }

    @Test
    @Order(1)
    void theWriteHookIsSetAndTouchedNoRestoredDocument() {
        TableInfo info = fixture.infos().get(CUSTOMERS);
        try (Connection c = connect()) {
            JsonNode hook = c.run(Term.db("shop").table("customers").getWriteHook(), GlobalOptions.none().rawFormats());
            assertNotNull(hook);
            assertTrue(hook.isObject(), "shop.customers has a write hook: " + hook);
            assertEquals(info.writeHook().get("query"), hook.get("query"));
        }
        Map<String, String> expected = touchedAt(fixture.documents().get(CUSTOMERS));
        Map<String, String> actual = touchedAt(js.dump("shop", "customers"));
        assertEquals(500, expected.size());
        assertEquals(expected, actual, "touched_at of every restored customer as in the fixture: the hook ran on none");
        assertEquals(sorted(Canonical.canonicalForJsAll(fixture.documents().get(CUSTOMERS))),
                sorted(Canonical.canonicalForJsAll(js.dump("shop", "customers"))), "customers unchanged");
    }

    @Test
    @Order(2)
    void theFixtureIndexesExistAndAreReady() {
        try (Connection c = connect()) {
            for (Map.Entry<TableId, TableInfo> table : fixture.infos().entrySet()) {
                TableId id = table.getKey();
                JsonNode status = c.run(Term.db(id.db()).table(id.table()).indexStatus(), GlobalOptions.none().rawFormats());
                Map<String, JsonNode> byName = new TreeMap<>();
                status.forEach(s -> byName.put(s.get("index").asText(), s));
                List<String> expected = table.getValue().indexes().stream().map(IndexSpec::name).sorted().toList();
                assertEquals(expected, List.copyOf(byName.keySet()), id + ": indexes");
                for (IndexSpec index : table.getValue().indexes()) {
                    JsonNode s = byName.get(index.name());
                    assertTrue(s.get("ready").asBoolean(), id + "." + index.name() + " ready");
                    assertEquals(index.multi(), s.get("multi").asBoolean(), id + "." + index.name() + " multi");
                    assertEquals(index.geo(), s.get("geo").asBoolean(), id + "." + index.name() + " geo");
                    assertEquals(index.query(), s.get("query").asText(), id + "." + index.name() + " function");
                }
            }
        }
    }

    @Test
    @Order(3)
    void aCursorReadComesInSeveralBatches() {
        try (Connection c = connect()) {
            Cursor cursor = c.cursor(Term.db("shop").table("orders").orderBy("order_no"),
                    GlobalOptions.none().rawFormats().maxBatchRows(100));
            int batches = 0;
            long documents = 0;
            List<RawJson> batch;
            while ((batch = cursor.nextBatch()) != null) {
                batches++;
                documents += batch.size();
            }
            assertEquals(3000, documents);
            assertTrue(batches > 1, "3000 documents with max_batch_rows 100 came in " + batches + " batch(es)");
        }
    }

    @Test
    @Order(4)
    void dumpWithTheLegacyV04HandshakeGivesTheTablesBack() throws Exception {
        Path archive = dir.resolve("v04.tar.gz");
        // V0_4's auth key is admin's password on a 2.3+ server (empty password: empty key)
        CliResult dump = new CliRunner().timeout(Duration.ofMinutes(10))
                .run("dump", "-c", server.address(), "--auth", server.password(), "-e", "shop", "-f", archive.toString());
        assertEquals(0, dump.exitCode(), dump.describe());
        ArchiveContents ours = ArchiveContents.read(archive);
        for (TableId id : List.of(CUSTOMERS, ORDERS, new TableId("shop", "empty_table"))) {
            assertEquals(sorted(Canonical.canonicalForJsAll(fixture.documents().get(id))),
                    sorted(Canonical.canonicalForJsAll(ours.documents().get(id))), id + ": documents");
            TableInfo expected = fixture.infos().get(id);
            TableInfo actual = ours.infos().get(id);
            assertEquals(expected.primaryKey(), actual.primaryKey(), id + ": primary key");
            assertEquals(expected.indexes().stream().map(IndexSpec::query).sorted().toList(),
                    actual.indexes().stream().map(IndexSpec::query).sorted().toList(), id + ": indexes");
            assertEquals(expected.writeHook() == null ? null : expected.writeHook().get("query"),
                    actual.writeHook() == null ? null : actual.writeHook().get("query"), id + ": write hook");
        }
    }

    private static Map<String, String> touchedAt(List<String> documents) {
        Map<String, String> out = new TreeMap<>();
        for (String doc : documents) {
            JsonNode node = Json.parse(doc);
            JsonNode touched = node.get("touched_at");
            out.put(Canonical.canonicalForJs(Json.write(node.get("id"))),
                    touched == null ? "(none)" : Canonical.canonicalForJs(Json.write(touched)));
        }
        return out;
    }

    private static List<String> sorted(List<String> docs) {
        return docs.stream().sorted().toList();
    }
}
