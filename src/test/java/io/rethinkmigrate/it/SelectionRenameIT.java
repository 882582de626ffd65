package io.rethinkmigrate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rethinkmigrate.model.TableId;
import io.rethinkmigrate.testsupport.Canonical;
import io.rethinkmigrate.testsupport.CliResult;
import io.rethinkmigrate.testsupport.CliRunner;
import io.rethinkmigrate.testsupport.JsDriver;
import io.rethinkmigrate.testsupport.TestServer;
import java.nio.file.Files;
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

/** Glob selection and --exclude on dump, --rename and --dry-run on restore, against a live server. */
class SelectionRenameIT {
    private static final int DOCS = 60;

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
        db = newDb("rm_sel");
        js.loadSample(db, DOCS);
        js.load(db, "pets", "id", List.of("{\"id\":1,\"name\":\"rex\"}", "{\"id\":2,\"name\":\"tom\"}"));
        before = new TreeMap<>();
        for (String table : List.of("people", "orders", "empty", "pets")) {
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

    private CliResult cli(String... args) {
        return new CliRunner().timeout(Duration.ofMinutes(5)).run(ServerArgs.with(server, args));
    }

    private Path dumpAll() {
        Path archive = dir.resolve("all.tar.gz");
        CliResult dump = cli("dump", "-e", db, "-f", archive.toString(), "-q");
        assertEquals(0, dump.exitCode(), dump.describe());
        return archive;
    }

    private List<String> tablesOf(String database) {
        return js.tables().stream().filter(t -> t.startsWith(database + ".")).sorted().toList();
    }

    @Test
    void dumpTakesExactlyWhatPatternsAndExclusionsSay() throws Exception {
        Path archive = dir.resolve("p.tar.gz");
        CliResult dump = cli("dump", "-e", db + ".p*", "--exclude", db + ".people", "-e", "zz_nothing_*",
                "-f", archive.toString());
        assertEquals(0, dump.exitCode(), dump.describe());
        assertTrue(dump.stderr().contains("-e/--export zz_nothing_*: matches no table"), dump.describe());
        assertEquals(List.of(new TableId(db, "pets")), new ArrayList<>(ArchiveContents.read(archive).infos().keySet()));

        Path second = dir.resolve("q.tar.gz");
        CliResult all = cli("dump", "-e", db + ".*", "--exclude", "*.e?pty", "-f", second.toString(), "-q");
        assertEquals(0, all.exitCode(), all.describe());
        assertEquals(List.of(new TableId(db, "orders"), new TableId(db, "people"), new TableId(db, "pets")),
                new ArrayList<>(ArchiveContents.read(second).infos().keySet()));
    }

    @Test
    void namedTableThatDoesNotExistIsStillAnError() {
        Path archive = dir.resolve("none.tar.gz");
        CliResult r = cli("dump", "-e", db + ".p*", "-e", db + ".nope", "-f", archive.toString());
        assertEquals(2, r.exitCode(), r.describe());
        assertTrue(r.stderr().contains(db + ".nope"), r.describe());
        assertFalse(Files.exists(archive));
    }

    @Test
    void restoreRenamesDatabaseAndTable() {
        Path archive = dumpAll();
        String db2 = newDb("rm_ren");
        String db3 = newDb("rm_ren");
        js.dropDb(db);

        CliResult restore = cli("restore", archive.toString(), "--no-secondary-indexes",
                "--rename", db + "=" + db2, "--rename", db + ".orders=" + db3 + ".orders_x");
        assertEquals(0, restore.exitCode(), restore.describe());
        assertTrue(restore.stderr().contains(db + ".orders -> " + db3 + ".orders_x"), restore.describe());
        assertTrue(restore.stderr().contains(db + ".people -> " + db2 + ".people"), restore.describe());

        assertEquals(List.of(), tablesOf(db), "nothing under the old names");
        assertEquals(List.of(db2 + ".empty", db2 + ".people", db2 + ".pets"), tablesOf(db2));
        assertEquals(List.of(db3 + ".orders_x"), tablesOf(db3));
        assertEquals(before.get("people"), Canonical.canonicalForJsAll(js.dump(db2, "people")));
        assertEquals(before.get("pets"), Canonical.canonicalForJsAll(js.dump(db2, "pets")));
        assertEquals(before.get("orders"), Canonical.canonicalForJsAll(js.dump(db3, "orders_x")));
        assertEquals(0, js.count(db2, "empty"));
    }

    @Test
    void renameWithImportSelectsByArchiveNamesAndChecksTargets() {
        Path archive = dumpAll();
        String db2 = newDb("rm_ren");
        CliResult restore = cli("restore", archive.toString(), "-i", db + ".pe*", "--rename", db + "=" + db2,
                "--no-secondary-indexes", "-q");
        assertEquals(0, restore.exitCode(), restore.describe());
        assertEquals(List.of(db2 + ".people", db2 + ".pets"), tablesOf(db2));
        assertEquals(before.get("people"), Canonical.canonicalForJsAll(js.dump(db2, "people")));

        CliResult again = cli("restore", archive.toString(), "-i", db + ".people", "--rename", db + "=" + db2);
        assertEquals(6, again.exitCode(), again.describe());
        assertTrue(again.stderr().contains(db2 + ".people"), "the target is named: " + again.describe());

        CliResult collision = cli("restore", archive.toString(), "--rename", db + ".pets=" + db2 + ".x",
                "--rename", db + ".orders=" + db2 + ".x");
        assertEquals(2, collision.exitCode(), collision.describe());
        assertTrue(collision.stderr().contains(db + ".orders and " + db + ".pets"), collision.describe());
    }

    @Test
    void dryRunPrintsThePlanAndWritesNothing() {
        Path archive = dumpAll();
        String db2 = newDb("rm_dry");
        List<String> tables = js.tables();

        CliResult plan = cli("restore", archive.toString(), "--dry-run", "--rename", db + "=" + db2, "--shards", "2");
        assertEquals(0, plan.exitCode(), plan.describe());
        String out = plan.stdout();
        assertTrue(out.contains("table " + db2 + ".people (archive table " + db + ".people)"), out);
        assertTrue(out.contains("create database " + db2), out);
        assertTrue(out.contains("create table, primary key `order_no`, shards 2"), out);
        assertTrue(out.contains("write " + DOCS + " documents"), out);
        assertTrue(out.contains("write " + (DOCS / 2) + " documents"), out);
        assertTrue(out.contains("write 2 documents"), out);
        assertTrue(out.contains("build indexes: "), out);
        assertTrue(out.contains("4 tables, " + (DOCS + DOCS / 2 + 2) + " documents"), out);
        assertEquals(tables, js.tables(), "the table list is unchanged");

        byte[] bytes = readAll(archive);
        CliResult streamed = new CliRunner().timeout(Duration.ofMinutes(5)).stdin(bytes)
                .run(ServerArgs.with(server, "restore", "-", "--dry-run", "-i", db + ".people", "--rename", db + "=" + db2));
        assertEquals(0, streamed.exitCode(), streamed.describe());
        assertTrue(streamed.stdout().contains("write " + DOCS + " documents"), streamed.describe());
        assertTrue(streamed.stdout().contains("1 tables, " + DOCS + " documents"), streamed.describe());
        assertEquals(tables, js.tables(), "the table list is unchanged");
    }

    @Test
    void dryRunAgainstExistingTablesExitsSix() {
        Path archive = dumpAll();
        List<String> tables = js.tables();
        CliResult plan = cli("restore", archive.toString(), "--dry-run");
        assertEquals(6, plan.exitCode(), plan.describe());
        assertTrue(plan.stdout().contains("table " + db + ".people\n  table exists: REFUSED"), plan.describe());
        assertTrue(plan.stderr().contains(db + ".people"), plan.describe());

        CliResult forced = cli("restore", archive.toString(), "--dry-run", "--force", "--exclude", db + ".orders");
        assertEquals(0, forced.exitCode(), forced.describe());
        assertTrue(forced.stdout().contains("table exists: written into (--force)"), forced.describe());
        assertFalse(forced.stdout().contains("table " + db + ".orders"), forced.describe());
        assertEquals(tables, js.tables(), "the table list is unchanged");
        assertEquals(DOCS, js.count(db, "people"));
    }

    private static byte[] readAll(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
