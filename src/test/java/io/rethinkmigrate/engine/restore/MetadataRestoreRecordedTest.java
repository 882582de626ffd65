package io.rethinkmigrate.engine.restore;

import static io.rethinkmigrate.engine.restore.RecordedRestoreSupport.answerInserts;
import static io.rethinkmigrate.engine.restore.RecordedRestoreSupport.dbCreate;
import static io.rethinkmigrate.engine.restore.RecordedRestoreSupport.dbList;
import static io.rethinkmigrate.engine.restore.RecordedRestoreSupport.officialDocuments;
import static io.rethinkmigrate.engine.restore.RecordedRestoreSupport.officialInfos;
import static io.rethinkmigrate.engine.restore.RecordedRestoreSupport.registerTable;
import static io.rethinkmigrate.engine.restore.RecordedRestoreSupport.str;
import static io.rethinkmigrate.engine.restore.RecordedRestoreSupport.table;
import static io.rethinkmigrate.engine.restore.RecordedRestoreSupport.tableList;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rethinkmigrate.archive.ArchiveReader;
import io.rethinkmigrate.archive.ArchiveWriter;
import io.rethinkmigrate.archive.TableWriter;
import io.rethinkmigrate.archive.meta.Manifest;
import io.rethinkmigrate.archive.meta.TableInfo;
import io.rethinkmigrate.archive.meta.TableSettings;
import io.rethinkmigrate.archive.tar.ArchiveReaderOptions;
import io.rethinkmigrate.archive.tar.ArchiveWriterOptions;
import io.rethinkmigrate.archive.tar.OfficialArchiveReader;
import io.rethinkmigrate.archive.tar.OfficialArchiveWriter;
import io.rethinkmigrate.engine.read.ServerMetadata;
import io.rethinkmigrate.engine.read.TableMetadata;
import io.rethinkmigrate.json.Json;
import io.rethinkmigrate.json.RawJson;
import io.rethinkmigrate.model.TableId;
import io.rethinkmigrate.progress.ProgressListener;
import io.rethinkmigrate.progress.RunSummary;
import io.rethinkmigrate.progress.TableResult;
import io.rethinkmigrate.testsupport.Fixtures;
import io.rethinkmigrate.testsupport.RecordedServer;
import io.rethinkmigrate.wire.Connection;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restoring an archive of ours with everything the official format loses, against the real server's
 * recorded answers: the settings come from the recorded {@code table.config()}/{@code db.config()} and
 * system tables of the fixture's source server (shop.orders: 2 shards, write_acks single, durability soft;
 * shop.customers: write hook; empty emptydb; users alice and bob with global, database and table
 * permissions; heartbeat). The restore must send exactly those settings back, in order: databases,
 * tables with their shard and replica counts, data, indexes, hook, write acks/durability, then users and
 * permissions. Flags leave each part out; a target that cannot take a part gets a warning, not a failure.
 */
@Timeout(120)
class MetadataRestoreRecordedTest {
    private static final TableId CUSTOMERS = new TableId("shop", "customers");
    private static final TableId ORDERS = new TableId("shop", "orders");
    private static final String USERS_READ = "[1,[15,[[14,[\"rethinkdb\"]],\"users\"]],{\"time_format\":\"raw\",\"binary_format\":\"raw\"}]";
    private static final String SERVER_STATUS = "[1,[15,[[14,[\"rethinkdb\"]],\"server_status\"]],{\"time_format\":\"raw\",\"binary_format\":\"raw\"}]";
    private static final String REQLITE_NO = "{\"t\":18,\"r\":[\"This method has not been implemented (yet) in Reqlite\"],\"b\":[]}";

    @TempDir
    Path dir;

    private static JsonNode recorded(String name) {
        return Fixtures.answer(name).get("frames").get(0).get("r").get(0);
    }

    private static JsonNode recordedRows(String name) {
        return Fixtures.answer(name).get("frames").get(0).get("r");
    }

    private static TableSettings settings(TableId id) throws Exception {
        TableInfo info = officialInfos().get(id);
        return TableSettings.of(info.primaryKey(), recorded("config " + id), info.raw().get("indexes"), info.raw().get("write_hook"));
    }

    /**
     * An archive as our dump writes it from the fixture's server: the metadata read by the dump's own
     * code ({@link ServerMetadata}, {@link TableMetadata}) from the recorded answers, 3 documents per table.
     */
    private Path archive() throws Exception {
        Path file = dir.resolve("meta.tar.gz");
        try (RecordedServer source = RecordedServer.start(); Connection c = Connection.open(source.options());
                ArchiveWriter w = OfficialArchiveWriter.toFile(file, "rethinkdb_dump_meta", ArchiveWriterOptions.defaults())) {
            ServerMetadata server = new ServerMetadata(c);
            w.writeClusterConfig(server.cluster());
            w.writeDatabaseConfig("emptydb", server.databaseConfig("emptydb"));
            w.writeDatabaseConfig("shop", server.databaseConfig("shop"));
            w.startManifest(Manifest.start("test", c.serverVersion(), "2026-11-25T00:00:00Z", List.of("emptydb", "shop")));
            for (TableId id : List.of(CUSTOMERS, ORDERS)) {
                TableSettings settings = TableMetadata.settings(officialInfos().get(id), server.tableConfig(id));
                assertEquals(settings(id).raw(), settings.raw(), "the dump's settings are the recorded ones");
                try (TableWriter t = w.openTable(id, officialInfos().get(id), settings)) {
                    for (String doc : officialDocuments(id, 3)) {
                        t.write(RawJson.of(doc));
                    }
                    t.finish();
                }
            }
            w.commit();
            source.assertAllAnswered();
            assertEquals(List.of(), server.warnings());
        }
        return file;
    }

    private static String created(String kind, int n) {
        return "{\"t\":1,\"r\":[{\"" + kind + "\":" + n + "}]}";
    }

    private static String writeResult(String field) {
        Map<String, Integer> r = new java.util.TreeMap<>(Map.of("deleted", 0, "errors", 0, "inserted", 0, "replaced", 0,
                "skipped", 0, "unchanged", 0));
        r.put(field, 1);
        return "{\"t\":1,\"r\":[" + Json.write(Json.mapper().valueToTree(r)) + "]}";
    }

    /** A fresh real 2.4 server (one server, vm_b1b; only admin) that takes every query of the restore. */
    private static RecordedServer freshServer() throws Exception {
        RecordedServer server = RecordedServer.start();
        server.answer(dbList(), List.of(RecordedServer.atom("[\"rethinkdb\",\"test\"]")));
        server.answer(tableList("test"), List.of(RecordedServer.atom("[]")));
        server.answer(dbCreate("shop"), created("dbs_created", 1));
        server.answer(dbCreate("emptydb"), created("dbs_created", 1));
        for (TableId id : List.of(CUSTOMERS, ORDERS)) {
            registerTable(server, id);
            answerInserts(server, id, Duration.ofMillis(50), Collections.synchronizedList(new ArrayList<>()));
        }
        server.answer(tableCreate(CUSTOMERS, "id", 1, 1), created("tables_created", 1));
        server.answer(tableCreate(ORDERS, "order_no", 2, 1), RecordedRestoreSupport.frames("table_create with shards/replicas"));
        server.answer(USERS_READ, "{\"t\":2,\"r\":[{\"id\":\"admin\",\"password\":false}]}");
        return server;
    }

    static String tableCreate(TableId id, String pk, int shards, int replicas) {
        return "[1,[60,[[14,[" + str(id.db()) + "]]," + str(id.table()) + "],{\"primary_key\":" + str(pk)
                + ",\"shards\":" + shards + ",\"replicas\":" + replicas + "}],{}]";
    }

    static String configUpdate(TableId id, String changeJson) {
        return "[1,[53,[[174,[" + table(id) + "]]," + changeJson + "]],{}]";
    }

    static String insertUser(String name, String passwordJson) {
        return "[1,[56,[[15,[[14,[\"rethinkdb\"]],\"users\"]],{\"id\":" + str(name) + ",\"password\":" + passwordJson + "}]],{}]";
    }

    static final String HEARTBEAT = "[1,[53,[[16,[[15,[[14,[\"rethinkdb\"]],\"cluster_config\"]],\"heartbeat\"]],"
            + "{\"heartbeat_timeout_secs\":10}]],{}]";
    static final String GRANT_ALICE_SHOP = "[1,[188,[[14,[\"shop\"]],\"alice\",{\"read\":true}]],{}]";
    static final String GRANT_ALICE_ORDERS = "[1,[188,[" + table(ORDERS) + ",\"alice\",{\"read\":true,\"write\":true}]],{}]";
    static final String GRANT_BOB_GLOBAL = "[1,[188,[\"bob\",{\"config\":true}]],{}]";

    private static RunSummary restore(RecordedServer server, Path archive, RestoreOptions options, boolean stream) throws Exception {
        Restorer restorer = new Restorer(() -> Connection.open(server.options()), options, ProgressListener.NONE);
        if (stream) {
            try (InputStream in = Files.newInputStream(archive);
                    ArchiveReader reader = OfficialArchiveReader.open(in, "stdin", ArchiveReaderOptions.defaults())) {
                return restorer.restore(reader);
            }
        }
        try (ArchiveReader reader = OfficialArchiveReader.open(archive, ArchiveReaderOptions.defaults())) {
            return restorer.restore(reader);
        }
    }

    @Test
    void everySavedSettingIsSentBackInOrderFromAFileAndFromAStream() throws Exception {
        Path archive = archive();
        for (boolean stream : new boolean[] {false, true}) {
            RunSummary summary;
            List<String> queries;
            try (RecordedServer server = freshServer()) {
                server.answer(configUpdate(ORDERS, "{\"write_acks\":\"single\",\"durability\":\"soft\"}"), writeResult("replaced"));
                server.answer(insertUser("alice", "\"alice-pw: with a colon\""), writeResult("inserted"));
                server.answer(insertUser("bob", "false"), writeResult("inserted"));
                for (String grant : List.of(GRANT_ALICE_SHOP, GRANT_ALICE_ORDERS, GRANT_BOB_GLOBAL)) {
                    server.answer(grant, created("granted", 1));
                }
                server.answer(HEARTBEAT, writeResult("unchanged"));
                summary = restore(server, archive, RestoreOptions.builder().clients(1)
                        .userPasswords(Map.of("alice", "alice-pw: with a colon")).build(), stream);
                server.assertAllAnswered();
                queries = server.queries();
            }
            String mode = stream ? "stream: " : "file: ";
            assertTrue(summary.allDone(), mode + summary.tables());
            assertEquals(List.of(), summary.warnings(), mode + "everything taken, nothing to warn about");
            assertEquals(List.of(TableResult.Status.DONE, TableResult.Status.DONE),
                    summary.tables().stream().map(TableResult::status).toList());
            // shop.orders: the saved 2 shards of 1 replica, then (after its data, indexes and hook) its write acks and durability
            int create = queries.indexOf(tableCreate(ORDERS, "order_no", 2, 1));
            int settings = queries.indexOf(configUpdate(ORDERS, "{\"write_acks\":\"single\",\"durability\":\"soft\"}"));
            assertTrue(create >= 0 && settings > create, mode + queries);
            for (int i = create; i < settings; i++) {
                assertFalse(queries.get(i).startsWith("[1,[53,"), mode + "no settings change before the data: " + queries.get(i));
            }
            int lastInsert = lastIndexOf(queries, q -> q.startsWith("[1,[56,[" + table(ORDERS)));
            int lastIndexWait = lastIndexOf(queries, q -> q.startsWith("[1,[140,[" + table(ORDERS)));
            assertTrue(lastInsert < settings && lastIndexWait < settings, mode + "durability/write acks after data and indexes");
            // shop.customers: default settings, so no change is sent; its hook is set
            assertTrue(queries.contains(tableCreate(CUSTOMERS, "id", 1, 1)), mode + queries);
            assertTrue(queries.stream().noneMatch(q -> q.equals(configUpdate(CUSTOMERS, "{}"))));
            assertTrue(queries.stream().anyMatch(q -> q.startsWith("[1,[189,[" + table(CUSTOMERS))), mode + "hook set");
            // the empty database exists; users after every table; permissions after their users
            assertTrue(queries.contains(dbCreate("emptydb")), mode + queries);
            int lastTableQuery = lastIndexOf(queries, q -> !q.startsWith("[1,[188,")
                    && (q.contains(table(ORDERS)) || q.contains(table(CUSTOMERS))));
            int alice = queries.indexOf(insertUser("alice", "\"alice-pw: with a colon\""));
            int bob = queries.indexOf(insertUser("bob", "false"));
            assertTrue(alice > lastTableQuery && bob > lastTableQuery, mode + "users after every table");
            for (String grant : List.of(GRANT_ALICE_SHOP, GRANT_ALICE_ORDERS, GRANT_BOB_GLOBAL)) {
                assertTrue(queries.indexOf(grant) > Math.max(alice, bob), mode + grant + " after the users: " + queries);
            }
            assertTrue(queries.stream().noneMatch(q -> q.contains("\"edge\"")),
                    mode + "bob's permission on edge is left out: edge was not restored");
            assertTrue(queries.stream().noneMatch(q -> q.startsWith("[1,[56,[[15,[[14,[\"rethinkdb\"]],\"users\"]],{\"id\":\"admin\"")),
                    mode + "admin exists already");
            assertTrue(queries.contains(HEARTBEAT), mode + "heartbeat");
        }
    }

    @Test
    void aUserWhosePasswordIsNotGivenGetsARandomOneAndAWarning() throws Exception {
        Path archive = archive();
        RunSummary summary;
        List<String> queries;
        try (RecordedServer server = freshServer()) {
            server.answer(configUpdate(ORDERS, "{\"write_acks\":\"single\",\"durability\":\"soft\"}"), writeResult("replaced"));
            String alicePrefix = "[1,[56,[[15,[[14,[\"rethinkdb\"]],\"users\"]],{\"id\":\"alice\",\"password\":\"";
            server.answerWhen(q -> Json.write(q).startsWith(alicePrefix),
                    Duration.ZERO, q -> List.of(Json.parse(writeResult("inserted"))));
            server.answer(insertUser("bob", "false"), writeResult("inserted"));
            for (String grant : List.of(GRANT_ALICE_SHOP, GRANT_ALICE_ORDERS, GRANT_BOB_GLOBAL)) {
                server.answer(grant, created("granted", 1));
            }
            server.answer(HEARTBEAT, writeResult("unchanged"));
            summary = restore(server, archive, RestoreOptions.builder().clients(1).build(), false);
            server.assertAllAnswered();
            queries = server.queries();
        }
        String alice = queries.stream().filter(q -> q.contains("\"id\":\"alice\"")).findFirst().orElseThrow();
        String password = Json.parse(alice).get(1).get(1).get(1).get("password").asText();
        assertTrue(password.length() >= 24, "a random password, never none: " + alice);
        assertTrue(summary.allDone(), String.valueOf(summary.tables()));
        assertEquals(1, summary.warnings().size(), String.valueOf(summary.warnings()));
        assertTrue(summary.warnings().get(0).startsWith("user `alice` had a password, which a dump cannot read: created with a random one"),
                summary.warnings().get(0));
        assertFalse(summary.warnings().get(0).contains(password), "the password is not printed");
    }

    @Test
    void noConfigNoUsersNoWriteHooksLeaveTheirPartsOut() throws Exception {
        Path archive = archive();
        RunSummary summary;
        List<String> queries;
        try (RecordedServer server = freshServer()) {
            summary = restore(server, archive, RestoreOptions.builder().clients(1).config(false).users(false).writeHooks(false).build(), false);
            server.assertAllAnswered();
            queries = server.queries();
        }
        assertTrue(summary.allDone(), String.valueOf(summary.tables()));
        assertTrue(queries.contains(RecordedRestoreSupport.tableCreate(ORDERS, "order_no")), "server defaults: " + queries);
        assertTrue(queries.stream().noneMatch(q -> q.startsWith("[1,[53,")), "no settings: " + queries);
        assertTrue(queries.stream().noneMatch(q -> q.startsWith("[1,[189,")), "no hook: " + queries);
        assertTrue(queries.stream().noneMatch(q -> q.contains("\"users\"") || q.startsWith("[1,[188,")), "no users: " + queries);
        assertTrue(queries.contains(dbCreate("emptydb")), "databases are data, not settings: " + queries);
        TableResult customers = summary.tables().stream().filter(t -> t.table().equals(CUSTOMERS)).findFirst().orElseThrow();
        assertFalse(customers.writeHook());
    }

    @Test
    void aTargetThatCannotTakeSettingsOrUsersGetsWarningsAndTheDataStillGoesIn() throws Exception {
        Path archive = archive();
        RunSummary summary;
        try (RecordedServer server = freshServer()) {
            server.answer(SERVER_STATUS, "{\"t\":2,\"r\":[]}"); // reqlite: system tables are empty
            server.answer(configUpdate(ORDERS, "{\"write_acks\":\"single\",\"durability\":\"soft\"}"), REQLITE_NO);
            server.answer(USERS_READ, "{\"t\":18,\"r\":[\"Table `rethinkdb.users` does not exist\"],\"b\":[]}");
            server.answer(HEARTBEAT, writeResult("skipped"));
            summary = restore(server, archive, RestoreOptions.builder().clients(1).build(), false);
            server.assertAllAnswered();
        }
        assertTrue(summary.allDone(), "warnings only: " + summary.tables());
        assertEquals(6, summary.tables().stream().mapToLong(TableResult::documents).sum());
        List<String> w = summary.warnings();
        assertEquals(3, w.size(), String.valueOf(w));
        assertTrue(w.get(0).startsWith("shop.orders: write_acks/durability {\"write_acks\":\"single\",\"durability\":\"soft\"} not restored: "
                + "the target cannot change table settings (This method has not been implemented (yet) in Reqlite)"), w.get(0));
        assertTrue(w.get(1).startsWith("users and permissions not restored: the target has no users"), w.get(1));
        assertEquals("cluster setting `heartbeat` not restored: the target has no such setting", w.get(2));
    }

    private static int lastIndexOf(List<String> list, java.util.function.Predicate<String> p) {
        int found = -1;
        for (int i = 0; i < list.size(); i++) {
            if (p.test(list.get(i))) {
                found = i;
            }
        }
        return found;
    }
}
