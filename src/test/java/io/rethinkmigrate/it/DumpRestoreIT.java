package io.rethinkmigrate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rethinkmigrate.model.TableId;
import io.rethinkmigrate.testsupport.Canonical;
import io.rethinkmigrate.testsupport.CliResult;
import io.rethinkmigrate.testsupport.CliRunner;
import io.rethinkmigrate.testsupport.JsDriver;
import io.rethinkmigrate.testsupport.ProcessRunner;
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

/**
 * Dump and restore through the real command line against a live server, checked with the official JS
 * driver as an independent reader.
 */
class DumpRestoreIT {
    private static final List<String> TABLES = List.of("people", "orders", "empty");

    @TempDir
    Path dir;

    private TestServer server;
    private JsDriver js;
    private String db;
    private Map<String, List<String>> before;

    @BeforeEach
    void loadSampleData() {
        server = TestServer.require();
        js = new JsDriver(server);
        db = TestServer.uniqueName("rm_it");
        js.loadSample(db, 600);
        before = snapshot();
        assertEquals(600, before.get("people").size(), "sample data loaded");
    }

    @AfterEach
    void dropSampleData() {
        if (js != null) {
            js.dropDb(db);
        }
    }

    private Map<String, List<String>> snapshot() {
        Map<String, List<String>> docs = new TreeMap<>();
        for (String table : TABLES) {
            docs.put(table, Canonical.canonicalForJsAll(js.dump(db, table)));
        }
        return docs;
    }

    private CliResult cli(String... args) {
        return new CliRunner().timeout(Duration.ofMinutes(5)).run(args);
    }

    @Test
    void dumpDropRestoreGivesBackEveryDocumentAndIndex() throws Exception {
        Path archive = dir.resolve("sample.tar.gz");
        CliResult dump = cli(ServerArgs.with(server, "dump", "-e", db, "-f", archive.toString()));
        assertEquals(0, dump.exitCode(), dump.describe());
        assertTrue(Files.size(archive) > 0);
        assertFalse(Files.exists(dir.resolve("sample.tar.gz.partial")));

        ArchiveContents contents = ArchiveContents.read(archive);
        assertEquals(List.of(new TableId(db, "empty"), new TableId(db, "orders"), new TableId(db, "people")),
                new ArrayList<>(contents.infos().keySet()));
        assertEquals("order_no", contents.infos().get(new TableId(db, "orders")).primaryKey());
        List<String> sampleIndexes = js.indexes(db, "people");
        assertFalse(sampleIndexes.isEmpty(), "the sample has secondary indexes");
        assertEquals(sampleIndexes, contents.infos().get(new TableId(db, "people")).indexes().stream()
                .map(i -> i.name()).sorted().toList());
        assertOfficialLayout(archive);

        js.dropDb(db);
        CliResult restore = cli(ServerArgs.with(server, "restore", archive.toString()));
        if (server.isReqlite()) {
            // reqlite's index_status has no function blobs: the data comes back, the indexes cannot
            assertEquals(7, restore.exitCode(), restore.describe());
            for (String index : sampleIndexes) {
                assertTrue(restore.stderr().contains("index `" + index + "` of " + db + ".people was not recreated"),
                        restore.describe());
            }
        } else {
            assertEquals(0, restore.exitCode(), restore.describe());
            assertEquals(sampleIndexes, js.indexes(db, "people"));
        }
        assertEquals(before, snapshot(), "every document back, with its types");
    }

    @Test
    void streamsThroughStdoutAndStdin() {
        CliRunner runner = new CliRunner().timeout(Duration.ofMinutes(5));
        ProcessRunner.Outcome dump = runner.runRaw(ServerArgs.with(server, "dump", "-e", db + ".people", "-f", "-", "-q"));
        assertEquals(0, dump.exitCode(), dump.stderrText());
        byte[] archive = dump.stdout();
        assertTrue(archive.length > 2 && (archive[0] & 0xff) == 0x1f && (archive[1] & 0xff) == 0x8b,
                "stdout carries the gzip archive and nothing else");

        js.dropDb(db);
        CliResult restore = new CliRunner().timeout(Duration.ofMinutes(5)).stdin(archive)
                .run(ServerArgs.with(server, "restore", "-", "--no-secondary-indexes"));
        assertEquals(0, restore.exitCode(), restore.describe());
        assertEquals(before.get("people"), Canonical.canonicalForJsAll(js.dump(db, "people")));
        assertEquals(List.of(db + ".people"), js.tables().stream().filter(t -> t.startsWith(db + ".")).toList(),
                "-e db.table dumped that table only");
    }

    @Test
    void refusesToWriteIntoExistingTablesWithoutForce() {
        Path archive = dir.resolve("again.tar.gz");
        assertEquals(0, cli(ServerArgs.with(server, "dump", "-e", db, "-f", archive.toString(), "-q")).exitCode());
        js.load(db, "people", "id", List.of("{\"id\":\"extra-doc\",\"note\":\"added after the dump\"}"));

        CliResult refused = cli(ServerArgs.with(server, "restore", archive.toString()));
        assertEquals(6, refused.exitCode(), refused.describe());
        assertTrue(refused.stderr().contains(db + ".people"), refused.describe());
        assertEquals(601, js.count(db, "people"), "nothing written");

        CliResult forced = cli(ServerArgs.with(server, "restore", archive.toString(), "--force", "--no-secondary-indexes"));
        assertEquals(0, forced.exitCode(), forced.describe());
        assertEquals(601, js.count(db, "people"), "documents replaced by key, none duplicated");
    }

    @Test
    void unknownTableInSelectionIsAUsageErrorNamingIt() {
        Path archive = dir.resolve("none.tar.gz");
        CliResult r = cli(ServerArgs.with(server, "dump", "-e", db + ".nope", "-f", archive.toString()));
        assertEquals(2, r.exitCode(), r.describe());
        assertTrue(r.stderr().contains(db + ".nope"), r.describe());
        assertFalse(Files.exists(archive), "no archive for a failed dump");
    }

    /**
     * One top directory, `<top>/<db>/<table>.{json,info}`, regular files only: what the official restore
     * demands. Our metadata members (docs/archive-format.md §5) use extensions it ignores, under the same top.
     */
    static void assertOfficialLayout(Path archive) throws Exception {
        ProcessRunner.Outcome listing = ProcessRunner.run(List.of("tar", "tzvf", archive.toString()), null, Map.of(),
                null, Duration.ofSeconds(60));
        assertEquals(0, listing.exitCode(), listing.stderrText());
        String top = null;
        for (String line : listing.stdoutText().strip().split("\n")) {
            assertTrue(line.startsWith("-"), "regular files only: " + line);
            String name = line.substring(line.lastIndexOf(' ') + 1);
            String[] parts = name.split("/");
            if (name.endsWith(".config") || name.endsWith(".dbconfig")) {
                assertTrue(parts.length == 2 || parts.length == 3, "metadata member: " + name);
                continue;
            }
            assertEquals(3, parts.length, "three levels: " + name);
            assertTrue(parts[2].endsWith(".json") || parts[2].endsWith(".info"), name);
            if (top == null) {
                top = parts[0];
            }
            assertEquals(top, parts[0], "one common top directory");
        }
        assertTrue(top != null && top.startsWith("rethinkdb_dump_"), "top directory named like the official tool's: " + top);
        String common = top;
        assertTrue(listing.stdoutText().strip().lines().allMatch(l -> l.substring(l.lastIndexOf(' ') + 1).startsWith(common + "/")),
                "every member under the one top directory");
    }
}
