package io.rethinkmigrate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rethinkmigrate.json.Json;
import io.rethinkmigrate.json.RawJson;
import io.rethinkmigrate.testsupport.CliResult;
import io.rethinkmigrate.testsupport.CliRunner;
import io.rethinkmigrate.testsupport.FaultProxy;
import io.rethinkmigrate.testsupport.SampleDatabase;
import io.rethinkmigrate.wire.Connection;
import io.rethinkmigrate.wire.Term;
import io.rethinkmigrate.wire.TermType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * `backup` as a process while a writer changes a table in three phases with quiet pauses; a time is noted
 * in each pause and the table's documents (read by the JS driver), indexes and write hook (real server)
 * with it. The backup's connection is cut once in phase 2 (a proxy in front of the server): the feed is
 * reopened and the table based again. After SIGTERM (exit 0), the source database is dropped and
 * `restore DIR --until T` gives exactly what the table held at each T; without --until, the final state.
 * Another creates a table and drops one while the backup runs. The last test kills the backup with SIGKILL: `verify DIR` accepts the directory and it restores to
 * its last sealed time.
 */
@Timeout(600)
class BackupIT {
    @RegisterExtension
    final SampleDatabase sample = SampleDatabase.none("rm_bk").withTable("live", "id", docs(0, 200, "initial"));

    @TempDir
    Path dir;

    /** What the table held at a noted time. */
    private record State(String time, List<String> documents, List<String> indexes, boolean hook) {
    }

    private static List<String> docs(int from, int to, String value) {
        List<String> docs = new ArrayList<>();
        for (int i = from; i < to; i++) {
            docs.add("{\"id\":" + i + ",\"v\":\"" + value + "\",\"n\":" + i + "}");
        }
        return docs;
    }

    private Process startBackup(String address, Path backup, Path stderr) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", CliRunner.jar().toString(), "backup", "-d", backup.toString(), "-e", sample.db(),
                "--segment-seconds", "1", "--poll-seconds", "1", "--report", dir.resolve("report.json").toString()));
        List<String> connect = new ArrayList<>(sample.server().connectArgs());
        connect.set(1, address);
        cmd.addAll(connect);
        return new ProcessBuilder(cmd).redirectError(stderr.toFile()).redirectOutput(dir.resolve("backup.out").toFile()).start();
    }

    /** Waits until the backup's stderr holds {@code count} lines containing {@code text}. */
    private static void awaitLines(Path stderr, String text, int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            long n = Files.readAllLines(stderr).stream().filter(l -> l.contains(text)).count();
            if (n >= count) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no " + count + " x `" + text + "` from the backup: " + Files.readString(stderr));
    }

    private void insert(Connection c, List<String> docs) {
        c.run(Term.db(sample.db()).table("live").insert(Term.json(RawJson.of("[" + String.join(",", docs) + "]")),
                Map.of("conflict", "replace")));
    }

    private void delete(Connection c, int key) {
        c.run(Term.of(TermType.GET, List.of(Term.db(sample.db()).table("live"), Term.value(key)), Map.of()).delete());
    }

    /** A quiet pause: the writes before it are received and sealed; the time in its middle is noted. */
    private State pause() throws InterruptedException {
        Thread.sleep(2_500);
        String time = Instant.now().toString();
        State state = new State(time, sample.documents(sample.db(), "live"), indexes(), hasHook());
        Thread.sleep(1_500);
        return state;
    }

    /** Whether the table has a write hook (reqlite has none). */
    private boolean hasHook() {
        if (!sample.server().isReal()) {
            return false;
        }
        try (Connection c = CopySides.connect(sample.server())) {
            return !c.run(Term.db(sample.db()).table("live").getWriteHook()).isNull();
        }
    }

    private List<String> indexes() {
        return sample.server().isReal() ? sample.js().indexes(sample.db(), "live") : List.of();
    }

    @Test
    void restoresEachNotedTimeAcrossACutConnection() throws Exception {
        Path backup = dir.resolve("backup");
        Path stderr = dir.resolve("backup.err");
        List<State> states = new ArrayList<>();
        try (FaultProxy proxy = FaultProxy.inFrontOf(sample.server().address());
             Connection c = CopySides.connect(sample.server())) {
            Process process = startBackup(proxy.address(), backup, stderr);
            awaitLines(stderr, "complete (", 1);
            insert(c, docs(200, 300, "phase1"));
            delete(c, 3);
            insert(c, docs(10, 20, "phase1-update"));
            states.add(pause());

            insert(c, docs(300, 350, "phase2"));
            proxy.cutNow();
            insert(c, docs(350, 400, "phase2-after-cut"));
            delete(c, 4);
            if (sample.server().isReal()) {
                sample.js().indexCreate(sample.db(), "live", "v");
            }
            awaitLines(stderr, "complete (", 2); // the table based again after the lost feed
            states.add(pause());

            if (sample.server().isReal()) {
                sample.js().setWriteHook(sample.db(), "live", "hooked");
            }
            Thread.sleep(1_500); // the hook polled and recorded before the writes it rewrites
            insert(c, docs(20, 40, "phase3"));
            delete(c, 5);
            delete(c, 399);
            states.add(pause());

            process.destroy(); // SIGTERM
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "backup stopped on SIGTERM");
            assertEquals(0, process.exitValue(), Files.readString(stderr));
            assertTrue(proxy.cuts() >= 1);
        }
        String err = Files.readString(stderr);
        assertTrue(err.contains("Backup stopped:"), err);
        JsonNode report = Json.mapper().readTree(dir.resolve("report.json").toFile());
        assertEquals("backup", report.path("command").asText(), report.toString());
        assertEquals(0, report.path("exit_code").asInt(), report.toString());
        assertTrue(report.path("tables").size() >= 2, "a base before and one after the cut: " + report);
        CliResult verify = new CliRunner().run("verify", backup.toString());
        assertEquals(0, verify.exitCode(), verify.describe());

        sample.js().dropDb(sample.db());
        for (State state : states) {
            assertRestores(backup, state, "--until", state.time());
        }
        assertRestores(backup, states.get(2));
        assertTrue(states.get(0).documents().size() != states.get(1).documents().size(), "the phases differ");
    }

    private void assertRestores(Path backup, State expected, String... until) {
        List<String> args = new ArrayList<>(List.of("restore", backup.toString()));
        args.addAll(List.of(until));
        CliResult restore = sample.cli(args.toArray(String[]::new));
        assertEquals(0, restore.exitCode(), restore.describe());
        assertEquals(expected.documents(), sample.documents(sample.db(), "live"),
                "documents as of " + expected.time() + ": " + restore.describe());
        assertEquals(expected.indexes(), indexes(), "indexes as of " + expected.time());
        assertEquals(expected.hook(), hasHook(), "write hook as of " + expected.time());
        sample.js().dropDb(sample.db());
    }

    /**
     * A table created while the backup runs is based and followed within --poll-seconds; one dropped
     * while it runs is restored as it was before the drop and is absent from a restore after it.
     */
    @Test
    void picksUpATableCreatedAndOneDroppedWhileItRuns() throws Exception {
        Path backup = dir.resolve("backup");
        Path stderr = dir.resolve("backup.err");
        State beforeDrop;
        List<String> bornBeforeDrop;
        List<String> bornAtEnd;
        try (Connection c = CopySides.connect(sample.server())) {
            Process process = startBackup(sample.server().address(), backup, stderr);
            awaitLines(stderr, "complete (", 1);
            sample.js().load(sample.db(), "born", "id", docs(0, 50, "born"));
            awaitLines(stderr, "complete (", 2); // the new table's base
            c.run(Term.db(sample.db()).table("born").insert(Term.json(RawJson.of("[" + String.join(",", docs(50, 60, "born-later")) + "]"))));
            insert(c, docs(200, 220, "before-drop"));
            beforeDrop = pause();
            bornBeforeDrop = sample.documents(sample.db(), "born");

            c.run(Term.db(sample.db()).tableDrop("live"));
            c.run(Term.db(sample.db()).table("born").insert(Term.json(RawJson.of("[" + String.join(",", docs(60, 70, "after-drop")) + "]"))));
            Thread.sleep(4_000); // the drop polled and sealed
            bornAtEnd = sample.documents(sample.db(), "born");

            process.destroy();
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "backup stopped on SIGTERM");
            assertEquals(0, process.exitValue(), Files.readString(stderr));
        }
        assertEquals(60, bornBeforeDrop.size());
        sample.js().dropDb(sample.db());

        CliResult atDrop = sample.cli("restore", backup.toString(), "--until", beforeDrop.time());
        assertEquals(0, atDrop.exitCode(), atDrop.describe());
        assertEquals(beforeDrop.documents(), sample.documents(sample.db(), "live"), "live before the drop: " + atDrop.describe());
        assertEquals(bornBeforeDrop, sample.documents(sample.db(), "born"), "born before the drop: " + atDrop.describe());
        sample.js().dropDb(sample.db());

        CliResult latest = sample.cli("restore", backup.toString());
        assertEquals(0, latest.exitCode(), latest.describe());
        assertEquals(List.of(sample.db() + ".born"), sample.tablesOf(sample.db()), "the dropped table is not restored: " + latest.describe());
        assertEquals(bornAtEnd, sample.documents(sample.db(), "born"), latest.describe());
    }

    @Test
    void aKilledBackupVerifiesAndRestoresToItsLastSealedSegment() throws Exception {
        Path backup = dir.resolve("backup");
        Path stderr = dir.resolve("backup.err");
        List<String> before;
        List<String> after;
        try (Connection c = CopySides.connect(sample.server())) {
            Process process = startBackup(sample.server().address(), backup, stderr);
            awaitLines(stderr, "complete (", 1);
            insert(c, docs(200, 260, "sealed"));
            Thread.sleep(3_000); // sealed
            before = sample.documents(sample.db(), "live");
            insert(c, docs(260, 300, "maybe-sealed"));
            after = sample.documents(sample.db(), "live");
            process.destroyForcibly(); // SIGKILL
            assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        }
        CliResult verify = new CliRunner().run("verify", backup.toString());
        assertEquals(0, verify.exitCode(), verify.describe());
        sample.js().dropDb(sample.db());
        CliResult restore = sample.cli("restore", backup.toString());
        assertEquals(0, restore.exitCode(), restore.describe());
        List<String> restored = sample.documents(sample.db(), "live");
        // each document of a batch insert is its own change (RethinkDB writes a batch document by document,
        // not atomically), so the last sealed segment may end inside the last batch: everything sealed
        // before it is there, and nothing that the source did not hold after it
        assertTrue(restored.containsAll(before), "every document sealed 3 s before the kill: " + restored.size() + " documents");
        assertTrue(after.containsAll(restored), "nothing the source did not hold: " + restored.size() + " documents");

        CliResult list = new CliRunner().run("list", backup.toString());
        assertEquals(0, list.exitCode(), list.describe());
        assertTrue(list.stdout().contains(sample.db() + ".live: "), list.describe());
        Path segment;
        try (var files = Files.list(backup.resolve("log"))) {
            segment = files.filter(f -> f.toString().endsWith(".ndjson.gz")).sorted().findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(segment);
        bytes[bytes.length / 2] ^= 0x55;
        Files.write(segment, bytes);
        CliResult broken = new CliRunner().run("verify", backup.toString());
        assertEquals(10, broken.exitCode(), "a broken chain fails as verify does: " + broken.describe());
        assertTrue(broken.stdout().contains(segment.getFileName().toString()), broken.describe());
    }
}
