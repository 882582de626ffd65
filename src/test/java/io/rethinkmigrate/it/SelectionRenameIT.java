package io.rethinkmigrate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rethinkmigrate.model.TableId;
import io.rethinkmigrate.testsupport.ArchiveContents;
import io.rethinkmigrate.testsupport.CliResult;
import io.rethinkmigrate.testsupport.CliRunner;
import io.rethinkmigrate.testsupport.SampleDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Glob selection and --exclude on dump, --rename and --dry-run on restore, against a live server. */
class SelectionRenameIT {
    @RegisterExtension
    final SampleDatabase sample = SampleDatabase.sample("rm_sel", DOCS)
            .withTable("pets", "id", "{\"id\":1,\"name\":\"rex\"}", "{\"id\":2,\"name\":\"tom\"}").snapshotted();

    private static final int DOCS = 60;

    @TempDir
    Path dir;

    private Path dumpAll() {
        Path archive = dir.resolve("all.tar.gz");
        CliResult dump = sample.cli("dump", "-e", sample.db(), "-f", archive.toString(), "-q");
        assertEquals(0, dump.exitCode(), dump.describe());
        return archive;
    }

    @Test
    void dumpTakesExactlyWhatPatternsAndExclusionsSay() throws Exception {
        Path archive = dir.resolve("p.tar.gz");
        CliResult dump = sample.cli("dump", "-e", sample.db() + ".p*", "--exclude", sample.db() + ".people", "-e", "zz_nothing_*",
                "-f", archive.toString());
        assertEquals(0, dump.exitCode(), dump.describe());
        assertTrue(dump.stderr().contains("-e/--export zz_nothing_*: matches no table"), dump.describe());
        assertEquals(List.of(new TableId(sample.db(), "pets")), new ArrayList<>(ArchiveContents.read(archive).infos().keySet()));

        Path second = dir.resolve("q.tar.gz");
        CliResult all = sample.cli("dump", "-e", sample.db() + ".*", "--exclude", "*.e?pty", "-f", second.toString(), "-q");
        assertEquals(0, all.exitCode(), all.describe());
        assertEquals(List.of(new TableId(sample.db(), "orders"), new TableId(sample.db(), "people"), new TableId(sample.db(), "pets")),
                new ArrayList<>(ArchiveContents.read(second).infos().keySet()));
    }

    @Test
    void namedTableThatDoesNotExistIsStillAnError() {
        Path archive = dir.resolve("none.tar.gz");
        CliResult r = sample.cli("dump", "-e", sample.db() + ".p*", "-e", sample.db() + ".nope", "-f", archive.toString());
        assertEquals(2, r.exitCode(), r.describe());
        assertTrue(r.stderr().contains(sample.db() + ".nope"), r.describe());
        assertFalse(Files.exists(archive));
    }

    @Test
    void restoreRenamesDatabaseAndTable() {
        Path archive = dumpAll();
        String db2 = sample.newDb("rm_ren");
        String db3 = sample.newDb("rm_ren");
        sample.js().dropDb(sample.db());

        CliResult restore = sample.cli("restore", archive.toString(), "--no-secondary-indexes",
                "--rename", sample.db() + "=" + db2, "--rename", sample.db() + ".orders=" + db3 + ".orders_x");
        assertEquals(0, restore.exitCode(), restore.describe());
        assertTrue(restore.stderr().contains(sample.db() + ".orders -> " + db3 + ".orders_x"), restore.describe());
        assertTrue(restore.stderr().contains(sample.db() + ".people -> " + db2 + ".people"), restore.describe());

        assertEquals(List.of(), sample.tablesOf(sample.db()), "nothing under the old names");
        assertEquals(List.of(db2 + ".empty", db2 + ".people", db2 + ".pets"), sample.tablesOf(db2));
        assertEquals(List.of(db3 + ".orders_x"), sample.tablesOf(db3));
        assertEquals(sample.before("people"), sample.documents(db2, "people"));
        assertEquals(sample.before("pets"), sample.documents(db2, "pets"));
        assertEquals(sample.before("orders"), sample.documents(db3, "orders_x"));
        assertEquals(0, sample.js().count(db2, "empty"));
    }

    @Test
    void renameWithImportSelectsByArchiveNamesAndChecksTargets() {
        Path archive = dumpAll();
        String db2 = sample.newDb("rm_ren");
        CliResult restore = sample.cli("restore", archive.toString(), "-i", sample.db() + ".pe*", "--rename", sample.db() + "=" + db2,
                "--no-secondary-indexes", "-q");
        assertEquals(0, restore.exitCode(), restore.describe());
        assertEquals(List.of(db2 + ".people", db2 + ".pets"), sample.tablesOf(db2));
        assertEquals(sample.before("people"), sample.documents(db2, "people"));

        CliResult again = sample.cli("restore", archive.toString(), "-i", sample.db() + ".people", "--rename", sample.db() + "=" + db2);
        assertEquals(6, again.exitCode(), again.describe());
        assertTrue(again.stderr().contains(db2 + ".people"), "the target is named: " + again.describe());

        CliResult collision = sample.cli("restore", archive.toString(), "--rename", sample.db() + ".pets=" + db2 + ".x",
                "--rename", sample.db() + ".orders=" + db2 + ".x");
        assertEquals(2, collision.exitCode(), collision.describe());
        assertTrue(collision.stderr().contains(sample.db() + ".orders and " + sample.db() + ".pets"), collision.describe());
    }

    @Test
    void dryRunPrintsThePlanAndWritesNothing() {
        Path archive = dumpAll();
        String db2 = sample.newDb("rm_dry");
        List<String> tables = sample.js().tables();

        CliResult plan = sample.cli("restore", archive.toString(), "--dry-run", "--rename", sample.db() + "=" + db2, "--shards", "2");
        assertEquals(0, plan.exitCode(), plan.describe());
        String out = plan.stdout();
        assertTrue(out.contains("table " + db2 + ".people (archive table " + sample.db() + ".people)"), out);
        assertTrue(out.contains("create database " + db2), out);
        assertTrue(out.contains("create table, primary key `order_no`, shards 2"), out);
        assertTrue(out.contains("write " + DOCS + " documents"), out);
        assertTrue(out.contains("write " + (DOCS / 2) + " documents"), out);
        assertTrue(out.contains("write 2 documents"), out);
        assertTrue(out.contains("build indexes: "), out);
        assertTrue(out.contains("4 tables, " + (DOCS + DOCS / 2 + 2) + " documents"), out);
        assertEquals(tables, sample.js().tables(), "the table list is unchanged");

        byte[] bytes = readAll(archive);
        CliResult streamed = new CliRunner().timeout(Duration.ofMinutes(5)).stdin(bytes)
                .run(sample.withServer("restore", "-", "--dry-run", "-i", sample.db() + ".people", "--rename", sample.db() + "=" + db2));
        assertEquals(0, streamed.exitCode(), streamed.describe());
        assertTrue(streamed.stdout().contains("write " + DOCS + " documents"), streamed.describe());
        assertTrue(streamed.stdout().contains("1 tables, " + DOCS + " documents"), streamed.describe());
        assertEquals(tables, sample.js().tables(), "the table list is unchanged");
    }

    @Test
    void dryRunAgainstExistingTablesExitsSix() {
        Path archive = dumpAll();
        List<String> tables = sample.js().tables();
        CliResult plan = sample.cli("restore", archive.toString(), "--dry-run");
        assertEquals(6, plan.exitCode(), plan.describe());
        assertTrue(plan.stdout().contains("table " + sample.db() + ".people\n  table exists: REFUSED"), plan.describe());
        assertTrue(plan.stderr().contains(sample.db() + ".people"), plan.describe());

        CliResult forced = sample.cli("restore", archive.toString(), "--dry-run", "--force", "--exclude", sample.db() + ".orders");
        assertEquals(0, forced.exitCode(), forced.describe());
        assertTrue(forced.stdout().contains("table exists: written into (--force)"), forced.describe());
        assertFalse(forced.stdout().contains("table " + sample.db() + ".orders"), forced.describe());
        assertEquals(tables, sample.js().tables(), "the table list is unchanged");
        assertEquals(DOCS, sample.js().count(sample.db(), "people"));
    }

    private static byte[] readAll(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
