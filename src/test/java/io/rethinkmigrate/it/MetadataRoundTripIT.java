package io.rethinkmigrate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rethinkmigrate.json.Json;
import io.rethinkmigrate.testsupport.Canonical;
import io.rethinkmigrate.testsupport.CliResult;
import io.rethinkmigrate.testsupport.CliRunner;
import io.rethinkmigrate.testsupport.Fixtures;
import io.rethinkmigrate.testsupport.JsDriver;
import io.rethinkmigrate.testsupport.TestServer;
import io.rethinkmigrate.wire.ConnectOptions;
import io.rethinkmigrate.wire.Connection;
import io.rethinkmigrate.wire.Endpoint;
import io.rethinkmigrate.wire.GlobalOptions;
import io.rethinkmigrate.wire.Term;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * dump → drop → restore → dump keeps what the official tools lose. On any server (reqlite included): an
 * empty database comes back, the archive has the metadata members and the manifest, and what the
 * server cannot give is a warning, never a failure. On a real server only: shards, replicas, write acks,
 * durability, indexes from blobs, the write hook, a user with a password and global, database and table
 * permissions are all as they were, and a second dump has the same settings as the first.
 */
class MetadataRoundTripIT {
    private static final int UPDATE = 53;
    private static final int GET = 16;
    private static final int INSERT = 56;
    private static final int GRANT = 188;

    @TempDir
    Path dir;

    private static Connection connect(TestServer server) {
        return connect(server, "admin", server.password());
    }

    private static Connection connect(TestServer server, String user, String password) {
        return Connection.open(ConnectOptions.builder().endpoint(new Endpoint(server.host(), server.port()))
                .user(user).password(password).connectTimeout(Duration.ofSeconds(20)).build());
    }

    private static Map<String, byte[]> members(Path archive) throws Exception {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (InputStream raw = Files.newInputStream(archive);
                TarArchiveInputStream tar = new TarArchiveInputStream(GzipCompressorInputStream.builder()
                        .setInputStream(raw).setDecompressConcatenated(true).get(), "UTF-8")) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                out.put(e.getName(), tar.readAllBytes());
            }
        }
        return out;
    }

    private static JsonNode member(Map<String, byte[]> members, String suffix) {
        String name = members.keySet().stream().filter(n -> n.endsWith(suffix)).findFirst()
                .orElseThrow(() -> new AssertionError("no member *" + suffix + " in " + members.keySet()));
        return Json.parse(new String(members.get(name), StandardCharsets.UTF_8));
    }

    private static String lastMember(Map<String, byte[]> members) {
        return new ArrayList<>(members.keySet()).get(members.size() - 1);
    }

    @Test
    void anEmptyDatabaseAndTheManifestSurviveOnAnyServer() throws Exception {
        TestServer server = TestServer.require();
        String db = TestServer.uniqueName("meta");
        String empty = TestServer.uniqueName("metaempty");
        JsDriver js = new JsDriver(server);
        try (Connection c = connect(server)) {
            c.run(Term.dbCreate(db));
            c.run(Term.dbCreate(empty));
            c.run(Term.db(db).tableCreate("t", Map.of("primary_key", "k")));
            c.run(Term.db(db).table("t").insert(Term.datum(Json.parse("[{\"k\":1},{\"k\":2,\"v\":\"x\"},{\"k\":3}]"))));
        }
        try {
            Path archive = dir.resolve("any.tar.gz");
            CliResult dump = new CliRunner().timeout(Duration.ofMinutes(5))
                    .run(ServerArgs.with(server, "dump", "-e", db, "-e", empty, "-f", archive.toString()));
            assertEquals(0, dump.exitCode(), dump.describe());
            if (server.isReqlite()) {
                assertTrue(dump.stderr().contains("cannot read table.config()") && dump.stderr().contains("cannot read rethinkdb.users"),
                        "reqlite: the parts it cannot give are named as warnings\n" + dump.describe());
            }
            Map<String, byte[]> members = members(archive);
            assertTrue(lastMember(members).endsWith("/manifest.config"), String.valueOf(members.keySet()));
            JsonNode manifest = member(members, "/manifest.config");
            assertEquals(List.of(db, empty).stream().sorted().toList(),
                    List.of(manifest.get("databases").get(0).asText(), manifest.get("databases").get(1).asText()).stream().sorted().toList());
            assertEquals(3, manifest.get("tables").get(0).get("documents").asInt());
            assertEquals(empty, member(members, "/" + empty + ".dbconfig").get("name").asText());
            assertEquals("k", member(members, "/" + db + "/t.config").get("primary_key").asText());
            List<String> before = js.dump(db, "t");

            js.dropDb(db);
            js.dropDb(empty);
            CliResult restore = new CliRunner().timeout(Duration.ofMinutes(5)).run(ServerArgs.with(server, "restore", archive.toString()));
            assertEquals(0, restore.exitCode(), restore.describe());
            try (Connection c = connect(server)) {
                List<String> dbs = new ArrayList<>();
                c.run(Term.dbList()).forEach(d -> dbs.add(d.asText()));
                assertTrue(dbs.contains(empty), "the empty database is back: " + dbs);
            }
            assertEquals(Canonical.canonicalForJsAll(before), Canonical.canonicalForJsAll(js.dump(db, "t")), "documents (JS driver)");
        } finally {
            js.dropDb(db);
            js.dropDb(empty);
        }
    }

    /** Everything a real server holds about the test's database, table and user, without generated ids. */
    private static Map<String, Object> settings(Connection c, String db, String empty, String user) {
        Map<String, Object> out = new TreeMap<>();
        Term orders = Term.db(db).table("orders");
        ObjectNode config = (ObjectNode) c.run(orders.config());
        config.remove("id");
        out.put("config", Canonical.canonical(Json.write(config)));
        List<String> indexes = new ArrayList<>();
        c.run(orders.indexStatus(), GlobalOptions.none().rawFormats()).forEach(i -> indexes.add(i.get("index").asText() + " "
                + i.get("query").asText() + " ready=" + i.get("ready").asBoolean()));
        out.put("indexes", indexes);
        out.put("hook", c.run(orders.getWriteHook(), GlobalOptions.none().rawFormats()).path("query").asText(null));
        List<String> dbs = new ArrayList<>();
        c.run(Term.dbList()).forEach(d -> dbs.add(d.asText()));
        out.put("empty database", dbs.contains(empty));
        out.put("user", Json.write(c.run(Term.of(GET, List.of(Term.db("rethinkdb").table("users"), Term.value(user)), Map.of()))));
        List<String> permissions = new ArrayList<>();
        for (JsonNode p : c.run(Term.db("rethinkdb").table("permissions"), GlobalOptions.none().rawFormats())) {
            if (user.equals(p.path("user").asText())) {
                ObjectNode row = p.deepCopy();
                row.remove("id");
                permissions.add(Canonical.canonical(Json.write(row)));
            }
        }
        permissions.sort(null);
        out.put("permissions", permissions);
        out.put("heartbeat", Json.write(c.run(Term.db("rethinkdb").table("cluster_config"), GlobalOptions.none().rawFormats())));
        return out;
    }

    /** A blob recorded from the real server, as a term (its MIME line breaks removed). */
    private static Term blob(JsonNode recorded) {
        ObjectNode copy = recorded.deepCopy();
        copy.put("data", recorded.get("data").asText().replaceAll("\\s", ""));
        return Term.datum(copy);
    }

    @Test
    void everySettingSurvivesOnARealServer() throws Exception {
        TestServer server = TestServer.requireRealServer("keep shards, replicas, write acks, durability, write hooks, users and permissions");
        String db = TestServer.uniqueName("metareal");
        String empty = TestServer.uniqueName("metarealempty");
        String user = TestServer.uniqueName("metauser");
        JsDriver js = new JsDriver(server);
        Term orders = Term.db(db).table("orders");
        try (Connection c = connect(server)) {
            c.run(Term.dbCreate(db));
            c.run(Term.dbCreate(empty));
            c.run(Term.db(db).tableCreate("orders", Map.of("primary_key", "order_no", "shards", 2, "replicas", 1)));
            c.run(orders.waitReady(60));
            c.run(Term.of(UPDATE, List.of(orders.config(), Term.datum(Json.parse("{\"write_acks\":\"single\",\"durability\":\"soft\"}"))), Map.of()));
            c.run(orders.waitReady(60));
            List<String> docs = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                docs.add("{\"order_no\":" + i + ",\"customer_id\":\"c" + (i % 7) + "\",\"items\":[{\"sku\":\"s" + i + "\"}]}");
            }
            c.run(orders.insert(Term.datum(Json.parse("[" + String.join(",", docs) + "]"))));
            for (JsonNode index : Fixtures.answer("index_status shop.orders (raw)").get("frames").get(0).get("r").get(0)) {
                c.run(orders.indexCreate(index.get("index").asText(), blob(index.get("function")), Map.of()));
            }
            c.run(orders.indexWait());
            JsonNode hook = Fixtures.answer("get_write_hook shop.customers (raw)").get("frames").get(0).get("r").get(0);
            c.run(orders.setWriteHook(blob(hook.get("function"))));
            c.run(Term.of(INSERT, List.of(Term.db("rethinkdb").table("users"),
                    Term.datum(Json.parse("{\"id\":\"" + user + "\",\"password\":\"pw: 1\"}"))), Map.of()));
            c.run(Term.of(GRANT, List.of(Term.value(user), Term.datum(Json.parse("{\"connect\":true}"))), Map.of()));
            c.run(Term.of(GRANT, List.of(Term.db(db), Term.value(user), Term.datum(Json.parse("{\"read\":true}"))), Map.of()));
            c.run(Term.of(GRANT, List.of(orders, Term.value(user), Term.datum(Json.parse("{\"read\":true,\"write\":true}"))), Map.of()));
        }
        try {
            Map<String, Object> before;
            try (Connection c = connect(server)) {
                before = settings(c, db, empty, user);
            }
            List<String> documents = js.dump(db, "orders");
            Path first = dir.resolve("first.tar.gz");
            CliResult dump = new CliRunner().timeout(Duration.ofMinutes(5))
                    .run(ServerArgs.with(server, "dump", "-e", db, "-e", empty, "-f", first.toString()));
            assertEquals(0, dump.exitCode(), dump.describe());
            assertTrue(!dump.stderr().contains("cannot read"), "a real server gives everything\n" + dump.describe());

            js.dropDb(db);
            js.dropDb(empty);
            try (Connection c = connect(server)) {
                c.run(Term.of(GET, List.of(Term.db("rethinkdb").table("users"), Term.value(user)), Map.of()).delete());
            }
            Path passwords = dir.resolve("passwords");
            Files.writeString(passwords, user + ":pw: 1\n");
            CliResult restore = new CliRunner().timeout(Duration.ofMinutes(5)).run(ServerArgs.with(server, "restore",
                    first.toString(), "--user-passwords", passwords.toString()));
            assertEquals(0, restore.exitCode(), restore.describe());

            try (Connection c = connect(server)) {
                assertEquals(before, settings(c, db, empty, user), "every setting as before the dump");
            }
            assertEquals(Canonical.canonicalForJsAll(documents), Canonical.canonicalForJsAll(js.dump(db, "orders")),
                    "documents as before (JS driver): the hook was set after the data");
            try (Connection asUser = connect(server, user, "pw: 1")) {
                assertNotNull(asUser.run(Term.db(db).table("orders").count()), "the user logs in with its password and reads");
            }

            Path second = dir.resolve("second.tar.gz");
            CliResult again = new CliRunner().timeout(Duration.ofMinutes(5))
                    .run(ServerArgs.with(server, "dump", "-e", db, "-e", empty, "-f", second.toString()));
            assertEquals(0, again.exitCode(), again.describe());
            Map<String, byte[]> a = members(first);
            Map<String, byte[]> b = members(second);
            assertEquals(withoutIds(member(a, "/" + db + "/orders.config")), withoutIds(member(b, "/" + db + "/orders.config")),
                    "the second dump has the first one's table settings");
            assertEquals(userRows(member(a, "/cluster.config"), user), userRows(member(b, "/cluster.config"), user),
                    "and the user's row and permissions");
            assertEquals(empty, member(b, "/" + empty + ".dbconfig").get("name").asText());
        } finally {
            js.dropDb(db);
            js.dropDb(empty);
            try (Connection c = connect(server)) {
                c.run(Term.of(GET, List.of(Term.db("rethinkdb").table("users"), Term.value(user)), Map.of()).delete());
            }
        }
    }

    private static String withoutIds(JsonNode settings) {
        ObjectNode copy = settings.deepCopy();
        ((ObjectNode) copy.get("config")).remove("id");
        return Canonical.canonical(Json.write(copy));
    }

    private static List<String> userRows(JsonNode cluster, String user) {
        List<String> out = new ArrayList<>();
        for (String part : List.of("users", "permissions")) {
            for (JsonNode row : (ArrayNode) cluster.get(part)) {
                if (user.equals(row.path("id").asText()) || user.equals(row.path("user").asText())) {
                    ObjectNode copy = row.deepCopy();
                    if (part.equals("permissions")) {
                        copy.remove("id");
                    }
                    out.add(Canonical.canonical(Json.write(copy)));
                }
            }
        }
        out.sort(null);
        return out;
    }
}
