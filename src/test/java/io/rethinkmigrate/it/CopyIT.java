package io.rethinkmigrate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rethinkmigrate.json.RawJson;
import io.rethinkmigrate.testsupport.Canonical;
import io.rethinkmigrate.testsupport.CliResult;
import io.rethinkmigrate.testsupport.CliRunner;
import io.rethinkmigrate.testsupport.JsDriver;
import io.rethinkmigrate.testsupport.SampleDatabase;
import io.rethinkmigrate.testsupport.TestServer;
import io.rethinkmigrate.wire.Connection;
import io.rethinkmigrate.wire.Term;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * `copy` without --follow against a live server: from one database into another of the same server
 * with --rename (one server is enough), and between two servers when RETHINKDB_TEST_SERVER2 is set.
 * Documents are compared through the JS driver.
 */
class CopyIT {
    @RegisterExtension
    final SampleDatabase sample = SampleDatabase.sample("rm_cp", DOCS).withTable("pets", "name",
            "{\"name\":\"rex\",\"born\":{\"$reql_type$\":\"TIME\",\"epoch_time\":1.5e9,\"timezone\":\"+02:00\"},"
                    + "\"chip\":{\"$reql_type$\":\"BINARY\",\"data\":\"AAEC\"}}", "{\"name\":\"tom\"}").snapshotted();

    private static final int DOCS = 60;

    @TempDir
    Path dir;

    private CliResult copy(String... args) {
        return new CliRunner().timeout(Duration.ofMinutes(5))
                .run(CopySides.copy(sample.server(), sample.server().address(), sample.server(), sample.server().address(), dir, args));
    }

    @Test
    void copiesEveryTableOfADatabaseIntoAnotherWithItsIndexes() {
        String db2 = sample.newDb("rm_cp");
        CliResult copy = copy("-e", sample.db(), "--rename", sample.db() + "=" + db2, "--progress", "plain");
        assertTrue(copy.stderr().contains(sample.db() + ".people -> " + db2 + ".people"), copy.describe());
        for (String table : sample.tables()) {
            assertEquals(sample.before(table), sample.documents(db2, table), table + ": " + copy.describe());
        }
        assertEquals(sample.tables().stream().map(t -> db2 + "." + t).toList(), sample.tablesOf(db2));
        if (sample.server().isReqlite()) {
            // reqlite gives no index functions: as a restore of its dump, the tables are incomplete (exit 7)
            assertEquals(7, copy.exitCode(), copy.describe());
            assertTrue(copy.stderr().contains("index `email` of " + sample.db() + ".people: the source gave no function for it"),
                    copy.describe());
            assertTrue(copy.stderr().contains("INCOMPLETE " + db2 + ".people"), copy.describe());
        } else {
            assertEquals(0, copy.exitCode(), copy.describe());
            assertEquals(sample.js().indexes(sample.db(), "people"), sample.js().indexes(db2, "people"));
            assertEquals(sample.js().indexes(sample.db(), "orders"), sample.js().indexes(db2, "orders"));
        }
    }

    @Test
    void selectsExcludesAndRenamesTables() {
        String db2 = sample.newDb("rm_cp");
        String db3 = sample.newDb("rm_cp");
        CliResult copy = copy("-e", sample.db() + ".p*", "-e", sample.db() + ".orders", "--exclude", sample.db() + ".people",
                "--rename", sample.db() + "=" + db2, "--rename", sample.db() + ".orders=" + db3 + ".orders_x",
                "--no-secondary-indexes", "-q");
        assertEquals(0, copy.exitCode(), copy.describe());
        assertEquals(List.of(db2 + ".pets"), sample.tablesOf(db2));
        assertEquals(List.of(db3 + ".orders_x"), sample.tablesOf(db3));
        assertEquals(sample.before("pets"), sample.documents(db2, "pets"));
        assertEquals(sample.before("orders"), sample.documents(db3, "orders_x"));
        assertEquals(sample.before("people"), sample.documents(sample.db(), "people"), "the source is untouched");
    }

    @Test
    void refusesExistingTablesUnlessForced() {
        String db2 = sample.newDb("rm_cp");
        CliResult first = copy("-e", sample.db() + ".pets", "--rename", sample.db() + "=" + db2, "-q");
        assertEquals(0, first.exitCode(), first.describe());
        try (Connection c = CopySides.connect(sample.server())) { // one document replaced, one added
            c.run(Term.db(sample.db()).table("pets").insert(Term.json(RawJson.of("[{\"name\":\"rex\",\"changed\":true},{\"name\":\"zed\"}]")),
                    Map.of("conflict", "replace")));
        }

        CliResult refused = copy("-e", sample.db() + ".pets", "--rename", sample.db() + "=" + db2);
        assertEquals(6, refused.exitCode(), refused.describe());
        assertTrue(refused.stderr().contains(db2 + ".pets already exists"), refused.describe());
        assertEquals(sample.before("pets"), sample.documents(db2, "pets"), "nothing written");

        CliResult forced = copy("-e", sample.db() + ".pets", "--rename", sample.db() + "=" + db2, "--force", "--clients", "2", "-q");
        assertEquals(0, forced.exitCode(), forced.describe());
        List<String> now = sample.documents(sample.db(), "pets");
        assertEquals(3, now.size());
        assertTrue(now.contains("{\"changed\":true,\"name\":\"rex\"}"), now.toString());
        assertEquals(now, sample.documents(db2, "pets"));
    }

    @Test
    void aMissingSourceTableIsAUsageErrorNamingIt() {
        CliResult copy = copy("-e", sample.db() + ".nope", "--rename", sample.db() + "=x_" + sample.db());
        assertEquals(2, copy.exitCode(), copy.describe());
        assertTrue(copy.stderr().contains("table `" + sample.db() + ".nope` does not exist on " + sample.server().address()), copy.describe());
        assertFalse(sample.tablesOf("x_" + sample.db()).iterator().hasNext());
    }

    @Test
    void copiesBetweenTwoServers() {
        TestServer second = CopySides.requireSecondServer();
        JsDriver js2 = new JsDriver(second);
        try {
            CliResult copy = new CliRunner().timeout(Duration.ofMinutes(5)).run(CopySides.copy(sample.server(), sample.server().address(),
                    second, second.address(), dir, "-e", sample.db(), "--no-secondary-indexes", "-q"));
            assertEquals(0, copy.exitCode(), copy.describe());
            for (String table : sample.tables()) {
                assertEquals(sample.before(table), Canonical.canonicalForJsAll(js2.dump(sample.db(), table)), table);
            }
        } finally {
            js2.dropDb(sample.db());
        }
    }
}
