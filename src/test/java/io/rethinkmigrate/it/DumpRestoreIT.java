package io.rethinkmigrate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rethinkmigrate.model.TableId;
import io.rethinkmigrate.testsupport.ArchiveContents;
import io.rethinkmigrate.testsupport.CliResult;
import io.rethinkmigrate.testsupport.CliRunner;
import io.rethinkmigrate.testsupport.ProcessRunner;
import io.rethinkmigrate.testsupport.SampleDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dump and restore through the real command line against a live server, checked with the official JS
 * driver as an independent reader.
 */
class DumpRestoreIT {
    @RegisterExtension
    final SampleDatabase sample = SampleDatabase.sample("rm_it", 600).snapshotted();

    @TempDir
    Path dir;

    @Test
    void dumpDropRestoreGivesBackEveryDocumentAndIndex() throws Exception {
        Path archive = dir.resolve("sample.tar.gz");
        CliResult dump = sample.cli("dump", "-e", sample.db(), "-f", archive.toString());
        assertEquals(0, dump.exitCode(), dump.describe());
        assertTrue(Files.size(archive) > 0);
        assertFalse(Files.exists(dir.resolve("sample.tar.gz.partial")));

        ArchiveContents contents = ArchiveContents.read(archive);
        assertEquals(List.of(new TableId(sample.db(), "empty"), new TableId(sample.db(), "orders"), new TableId(sample.db(), "people")),
                new ArrayList<>(contents.infos().keySet()));
        assertEquals("order_no", contents.infos().get(new TableId(sample.db(), "orders")).primaryKey());
        List<String> sampleIndexes = sample.js().indexes(sample.db(), "people");
        assertFalse(sampleIndexes.isEmpty(), "the sample has secondary indexes");
        assertEquals(sampleIndexes, contents.infos().get(new TableId(sample.db(), "people")).indexes().stream()
                .map(i -> i.name()).sorted().toList());
        assertOfficialLayout(archive);

        sample.js().dropDb(sample.db());
        CliResult restore = sample.cli("restore", archive.toString());
        if (sample.server().isReqlite()) {
            // reqlite's index_status has no function blobs: the data comes back, the indexes cannot
            assertEquals(7, restore.exitCode(), restore.describe());
            for (String index : sampleIndexes) {
                assertTrue(restore.stderr().contains("index `" + index + "` of " + sample.db() + ".people was not recreated"),
                        restore.describe());
            }
        } else {
            assertEquals(0, restore.exitCode(), restore.describe());
            assertEquals(sampleIndexes, sample.js().indexes(sample.db(), "people"));
        }
        assertEquals(sample.before(), sample.snapshot(sample.db()), "every document back, with its types");
    }

    @Test
    void streamsThroughStdoutAndStdin() {
        CliRunner runner = new CliRunner().timeout(Duration.ofMinutes(5));
        ProcessRunner.Outcome dump = runner.runRaw(sample.withServer("dump", "-e", sample.db() + ".people", "-f", "-", "-q"));
        assertEquals(0, dump.exitCode(), dump.stderrText());
        byte[] archive = dump.stdout();
        assertTrue(archive.length > 2 && (archive[0] & 0xff) == 0x1f && (archive[1] & 0xff) == 0x8b,
                "stdout carries the gzip archive and nothing else");

        sample.js().dropDb(sample.db());
        CliResult restore = new CliRunner().timeout(Duration.ofMinutes(5)).stdin(archive)
                .run(sample.withServer("restore", "-", "--no-secondary-indexes"));
        assertEquals(0, restore.exitCode(), restore.describe());
        assertEquals(sample.before("people"), sample.documents(sample.db(), "people"));
        assertEquals(List.of(sample.db() + ".people"), sample.js().tables().stream().filter(t -> t.startsWith(sample.db() + ".")).toList(),
                "-e db.table dumped that table only");
    }

    @Test
    void refusesToWriteIntoExistingTablesWithoutForce() {
        Path archive = dir.resolve("again.tar.gz");
        assertEquals(0, sample.cli("dump", "-e", sample.db(), "-f", archive.toString(), "-q").exitCode());
        sample.js().load(sample.db(), "people", "id", List.of("{\"id\":\"extra-doc\",\"note\":\"added after the dump\"}"));

        CliResult refused = sample.cli("restore", archive.toString());
        assertEquals(6, refused.exitCode(), refused.describe());
        assertTrue(refused.stderr().contains(sample.db() + ".people"), refused.describe());
        assertEquals(601, sample.js().count(sample.db(), "people"), "nothing written");

        CliResult forced = sample.cli("restore", archive.toString(), "--force", "--no-secondary-indexes");
        assertEquals(0, forced.exitCode(), forced.describe());
        assertEquals(601, sample.js().count(sample.db(), "people"), "documents replaced by key, none duplicated");
    }

    @Test
    void unknownTableInSelectionIsAUsageErrorNamingIt() {
        Path archive = dir.resolve("none.tar.gz");
        CliResult r = sample.cli("dump", "-e", sample.db() + ".nope", "-f", archive.toString());
        assertEquals(2, r.exitCode(), r.describe());
        assertTrue(r.stderr().contains(sample.db() + ".nope"), r.describe());
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
