package io.rethinkmigrate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rethinkmigrate.json.RawJson;
import io.rethinkmigrate.testsupport.Canonical;
import io.rethinkmigrate.testsupport.CliResult;
import io.rethinkmigrate.testsupport.CliRunner;
import io.rethinkmigrate.testsupport.JsDriver;
import io.rethinkmigrate.testsupport.TestServer;
import io.rethinkmigrate.wire.Connection;
import io.rethinkmigrate.wire.Term;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `copy` without --follow against a live server: from one database into another of the same server
 * with --rename (one server is enough), and between two servers when RETHINKDB_TEST_SERVER2 is set.
 * Documents are compared through the JS driver.
 */
class CopyIT {
    private static final int DOCS = 60;
    private static final List<String> TABLES = List.of("empty", "orders", "people", "pets");

    @TempDir
    Path dir;

    private TestServer server;
    private JsDriver js;
    private String db;
    private final List<String> created = new ArrayList<>();
    private Map<String, List<String>> before;

    @BeforeEach
    void loadSampleData() {
        server = TestServer.require();
        js = new JsDriver(server);
        db = newDb("rm_cp");
        js.loadSample(db, DOCS);
        js.load(db, "pets", "name", List.of("{\"name\":\"rex\",\"born\":{\"$reql_type$\":\"TIME\",\"epoch_time\":1.5e9,"
                + "\"timezone\":\"+02:00\"},\"chip\":{\"$reql_type$\":\"BINARY\",\"data\":\"AAEC\"}}", "{\"name\":\"tom\"}"));
        before = new TreeMap<>();
        for (String table : TABLES) {
            before.put(table, Canonical.canonicalForJsAll(js.dump(db, table)));
        }
        assertEquals(DOCS, before.get("people").size(), "sample data loaded");
    }

    @AfterEach
    void dropEverythingCreated() {
        if (js != null) {
            created.forEach(js::dropDb);
        }
    }

    private String newDb(String prefix) {
        String name = TestServer.uniqueName(prefix);
        created.add(name);
        return name;
    }

    private CliResult copy(String... args) {
        return new CliRunner().timeout(Duration.ofMinutes(5))
                .run(CopySides.copy(server, server.address(), server, server.address(), dir, args));
    }

    private List<String> tablesOf(JsDriver driver, String database) {
        return driver.tables().stream().filter(t -> t.startsWith(database + ".")).sorted().toList();
    }

    @Test
    void copiesEveryTableOfADatabaseIntoAnotherWithItsIndexes() {
        String db2 = newDb("rm_cp");
        CliResult copy = copy("-e", db, "--rename", db + "=" + db2, "--progress", "plain");
        assertTrue(copy.stderr().contains(db + ".people -> " + db2 + ".people"), copy.describe());
        for (String table : TABLES) {
            assertEquals(before.get(table), Canonical.canonicalForJsAll(js.dump(db2, table)), table + ": " + copy.describe());
        }
        assertEquals(TABLES.stream().map(t -> db2 + "." + t).toList(), tablesOf(js, db2));
        if (server.isReqlite()) {
            // reqlite gives no index functions: as a restore of its dump, the tables are incomplete (exit 7)
            assertEquals(7, copy.exitCode(), copy.describe());
            assertTrue(copy.stderr().contains("index `email` of " + db + ".people: the source gave no function for it"),
                    copy.describe());
            assertTrue(copy.stderr().contains("INCOMPLETE " + db2 + ".people"), copy.describe());
        } else {
            assertEquals(0, copy.exitCode(), copy.describe());
            assertEquals(js.indexes(db, "people"), js.indexes(db2, "people"));
            assertEquals(js.indexes(db, "orders"), js.indexes(db2, "orders"));
        }
    }

    @Test
    void selectsExcludesAndRenamesTables() {
        String db2 = newDb("rm_cp");
        String db3 = newDb("rm_cp");
        CliResult copy = copy("-e", db + ".p*", "-e", db + ".orders", "--exclude", db + ".people",
                "--rename", db + "=" + db2, "--rename", db + ".orders=" + db3 + ".orders_x",
                "--no-secondary-indexes", "-q");
        assertEquals(0, copy.exitCode(), copy.describe());
        assertEquals(List.of(db2 + ".pets"), tablesOf(js, db2));
        assertEquals(List.of(db3 + ".orders_x"), tablesOf(js, db3));
        assertEquals(before.get("pets"), Canonical.canonicalForJsAll(js.dump(db2, "pets")));
        assertEquals(before.get("orders"), Canonical.canonicalForJsAll(js.dump(db3, "orders_x")));
        assertEquals(before.get("people"), Canonical.canonicalForJsAll(js.dump(db, "people")), "the source is untouched");
    }

    @Test
    void refusesExistingTablesUnlessForced() {
        String db2 = newDb("rm_cp");
        CliResult first = copy("-e", db + ".pets", "--rename", db + "=" + db2, "-q");
        assertEquals(0, first.exitCode(), first.describe());
        try (Connection c = CopySides.connect(server)) { // one document replaced, one added
            c.run(Term.db(db).table("pets").insert(Term.json(RawJson.of("[{\"name\":\"rex\",\"changed\":true},{\"name\":\"zed\"}]")),
                    Map.of("conflict", "replace")));
        }

        CliResult refused = copy("-e", db + ".pets", "--rename", db + "=" + db2);
        assertEquals(6, refused.exitCode(), refused.describe());
        assertTrue(refused.stderr().contains(db2 + ".pets already exists"), refused.describe());
        assertEquals(before.get("pets"), Canonical.canonicalForJsAll(js.dump(db2, "pets")), "nothing written");

        CliResult forced = copy("-e", db + ".pets", "--rename", db + "=" + db2, "--force", "--clients", "2", "-q");
        assertEquals(0, forced.exitCode(), forced.describe());
        List<String> now = Canonical.canonicalForJsAll(js.dump(db, "pets"));
        assertEquals(3, now.size());
        assertTrue(now.contains("{\"changed\":true,\"name\":\"rex\"}"), now.toString());
        assertEquals(now, Canonical.canonicalForJsAll(js.dump(db2, "pets")));
    }

    @Test
    void aMissingSourceTableIsAUsageErrorNamingIt() {
        CliResult copy = copy("-e", db + ".nope", "--rename", db + "=x_" + db);
        assertEquals(2, copy.exitCode(), copy.describe());
        assertTrue(copy.stderr().contains("table `" + db + ".nope` does not exist on " + server.address()), copy.describe());
        assertFalse(tablesOf(js, "x_" + db).iterator().hasNext());
    }

    @Test
    void copiesBetweenTwoServers() {
        TestServer second = CopySides.requireSecondServer();
        JsDriver js2 = new JsDriver(second);
        try {
            CliResult copy = new CliRunner().timeout(Duration.ofMinutes(5)).run(CopySides.copy(server, server.address(),
                    second, second.address(), dir, "-e", db, "--no-secondary-indexes", "-q"));
            assertEquals(0, copy.exitCode(), copy.describe());
            for (String table : TABLES) {
                assertEquals(before.get(table), Canonical.canonicalForJsAll(js2.dump(db, table)), table);
            }
        } finally {
            js2.dropDb(db);
        }
    }
}
