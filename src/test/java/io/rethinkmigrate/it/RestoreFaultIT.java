package io.rethinkmigrate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rethinkmigrate.archive.ArchiveWriter;
import io.rethinkmigrate.archive.TableWriter;
import io.rethinkmigrate.archive.meta.TableInfo;
import io.rethinkmigrate.archive.tar.ArchiveWriterOptions;
import io.rethinkmigrate.archive.tar.OfficialArchiveWriter;
import io.rethinkmigrate.json.Json;
import io.rethinkmigrate.json.RawJson;
import io.rethinkmigrate.model.TableId;
import io.rethinkmigrate.testsupport.Canonical;
import io.rethinkmigrate.testsupport.CliResult;
import io.rethinkmigrate.testsupport.CliRunner;
import io.rethinkmigrate.testsupport.FaultProxy;
import io.rethinkmigrate.testsupport.JsDriver;
import io.rethinkmigrate.testsupport.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restore whose connections are cut in the middle (FaultProxy in front of the server: every open
 * connection closed at once, as a server restart or a dropped link does) still ends with every
 * document of the archive in its table exactly once: batches are retried with `conflict: replace` on
 * reopened connections. With `--retries 0` the cut stops the run, and `--resume` finishes it.
 */
class RestoreFaultIT {
    private static final int BIG = 60_000;
    /** Every server answer is held this long, so the tests act while the big table loads on any machine. */
    private static final Duration SLOW_LINK = Duration.ofMillis(100);
    private static final int SMALL = 700;

    @TempDir
    Path dir;

    private TestServer server;
    private JsDriver js;
    private String db;
    private Path archive;
    private Map<String, List<String>> archived;

    @BeforeEach
    void writeArchive() throws Exception {
        server = TestServer.require();
        js = new JsDriver(server);
        db = TestServer.uniqueName("rm_fault");
        archive = dir.resolve("fault.tar.gz");
        archived = new LinkedHashMap<>();
        try (ArchiveWriter writer = OfficialArchiveWriter.toFile(archive, "rethinkdb_dump_fault", ArchiveWriterOptions.defaults())) {
            archived.put("big", writeTable(writer, "big", BIG));
            archived.put("small", writeTable(writer, "small", SMALL));
            writer.commit();
        }
    }

    @AfterEach
    void drop() {
        if (js != null) {
            js.dropDb(db);
        }
    }

    private List<String> writeTable(ArchiveWriter writer, String table, int count) throws Exception {
        List<String> docs = new ArrayList<>();
        TableInfo info = TableInfo.parse("{\"db\":{\"name\":\"" + db + "\"},\"name\":\"" + table
                + "\",\"primary_key\":\"id\",\"indexes\":[],\"doc_count_estimates\":[" + count + "]}");
        try (TableWriter out = writer.openTable(new TableId(db, table), info)) {
            for (int i = 0; i < count; i++) {
                String doc = "{\"id\":\"" + table + "-" + i + "\",\"n\":" + i + ",\"tags\":[\"a\",{\"b\":" + (i % 7)
                        + "}],\"text\":\"" + "x".repeat(40 + i % 60) + "\"}";
                out.write(RawJson.of(doc));
                docs.add(doc);
            }
            out.finish();
        }
        return docs;
    }

    @Test
    void restoreRidesOutConnectionsCutTwiceMidLoad() throws Exception {
        try (FaultProxy proxy = FaultProxy.inFrontOf(server.address())) {
            proxy.delayAnswers(SLOW_LINK);
            AtomicBoolean stop = new AtomicBoolean();
            Thread cutter = cutTwiceWhileLoading(proxy, dir.resolve("fault.tar.gz.restore-progress.json"), stop);
            CliResult result = new CliRunner().timeout(Duration.ofMinutes(8)).run(proxied(proxy, "restore",
                    archive.toString(), "--clients", "4", "--progress", "plain"));
            stop.set(true);
            cutter.join();
            assertEquals(0, result.exitCode(), result.describe());
            assertEquals(2, proxy.cuts(), "the connections were cut twice during the restore: " + result.stderr());
            assertTrue(result.stderr().contains("warning: reconnected to " + proxy.address() + " (writer connection"),
                    "the broken writers were replaced: " + result.stderr());
            assertEveryDocumentOnce();
            assertFalse(Files.exists(dir.resolve("fault.tar.gz.restore-progress.json")),
                    "a completed restore removes its progress record");
        }
    }

    @Test
    void withoutRetriesACutStopsTheRunNamingTheTableAndHowFarItGot() throws Exception {
        try (FaultProxy proxy = FaultProxy.inFrontOf(server.address())) {
            proxy.delayAnswers(SLOW_LINK);
            AtomicBoolean stop = new AtomicBoolean();
            Thread cutter = keepCutting(proxy, dir.resolve("fault.tar.gz.restore-progress.json"), stop);
            CliResult result = new CliRunner().timeout(Duration.ofMinutes(8)).run(proxied(proxy, "restore",
                    archive.toString(), "--clients", "4", "--retries", "0"));
            stop.set(true);
            cutter.join();
            assertEquals(3, result.exitCode(), "a cut with --retries 0 stops the run: " + result.describe());
            assertTrue(result.stderr().contains("table " + db + ".big: a batch failed (--retries 0) after ")
                    && result.stderr().contains("documents were acknowledged"), result.stderr());
        }
        assertTrue(Files.exists(dir.resolve("fault.tar.gz.restore-progress.json")), "the record is kept for --resume");
    }

    @Test
    void killedRestoreResumesWithEveryDocumentOnce() throws Exception {
        Path record = dir.resolve("fault.tar.gz.restore-progress.json");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", CliRunner.jar().toString()));
        FaultProxy slow = FaultProxy.inFrontOf(server.address());
        slow.delayAnswers(SLOW_LINK);
        command.addAll(List.of(proxied(slow, "restore", archive.toString(), "--clients", "4")));
        Process restore = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("first.log").toFile()).start();
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (acknowledgedOfBig(record) <= 0) {
            assertTrue(restore.isAlive(), "the restore ended before it could be killed: " + Files.readString(dir.resolve("first.log")));
            assertTrue(System.nanoTime() < deadline, "no progress recorded");
            Thread.sleep(20);
        }
        restore.destroyForcibly(); // SIGKILL: no shutdown hook, no finally, as a crash or an OOM kill
        assertTrue(restore.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
        slow.close();

        JsonNode saved = Json.parse(Files.readString(record, StandardCharsets.UTF_8));
        JsonNode big = saved.path("tables").get(0);
        assertEquals("big", big.path("table").asText());
        assertFalse(big.path("done").asBoolean(), "killed while loading: " + saved);
        long prefix = big.path("acknowledged").asLong();
        long present = js.count(db, "big");
        assertTrue(prefix > 0 && prefix <= present && present < BIG, "record " + prefix + " <= written " + present + " < " + BIG);

        CliResult plain = new CliRunner().run(ServerArgs.with(server, "restore", archive.toString()));
        assertEquals(6, plain.exitCode(), "without --resume the table it created is refused: " + plain.describe());
        assertTrue(Files.exists(record), "a refused run keeps the record");

        CliResult resumed = new CliRunner().timeout(Duration.ofMinutes(8)).run(ServerArgs.with(server, "restore",
                archive.toString(), "--resume", "--clients", "4"));
        assertEquals(0, resumed.exitCode(), resumed.describe());
        assertTrue(resumed.stderr().contains("Resuming from " + record), resumed.stderr());
        assertEveryDocumentOnce();
        assertFalse(Files.exists(record), "the completed resume removes the record");
    }

    /** The acknowledged prefix of the big table in the record, 0 while there is none. */
    private static long acknowledgedOfBig(Path record) {
        try {
            JsonNode tables = Json.parse(Files.readString(record, StandardCharsets.UTF_8)).path("tables");
            return tables.size() == 0 ? 0 : tables.get(0).path("acknowledged").asLong();
        } catch (java.io.IOException | RuntimeException e) {
            return 0; // not written yet
        }
    }

    @Test
    void resumeRefusesTheRecordOfAnotherArchive() throws Exception {
        Path record = dir.resolve("other.json");
        Files.writeString(record, "{\"format\":\"rethink-migrate restore progress\",\"version\":1,"
                + "\"archive\":\"size 1, modified 2020-01-01T00:00:00Z, sha256 of first MiB 00\",\"tables\":[]}");
        CliResult result = new CliRunner().run(ServerArgs.with(server, "restore", archive.toString(), "--resume",
                "--progress-file", record.toString()));
        assertEquals(2, result.exitCode(), result.describe());
        assertTrue(result.stderr().contains("is for another archive"), result.stderr());
        assertEquals(List.of(), js.tables().stream().filter(t -> t.startsWith(db + ".")).toList(), "nothing written");
    }

    private String[] proxied(FaultProxy proxy, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("-c", proxy.address(), "--password-file", passwordFile().toString()));
        return all.toArray(String[]::new);
    }

    private Path passwordFile() {
        List<String> args = server.connectArgs();
        return Path.of(args.get(args.indexOf("--password-file") + 1));
    }

    /**
     * Arms a cut once the big table is loading (its record shows acknowledged documents), and once more
     * after the writers reconnected. An insert's answer is about 100 bytes and the big table takes 60
     * batches of 1,000, so both cuts land while it loads.
     */
    private static Thread cutTwiceWhileLoading(FaultProxy proxy, Path record, AtomicBoolean stop) {
        Thread t = new Thread(() -> {
            if (await(() -> acknowledgedOfBig(record) > 0, stop)) {
                proxy.cutAfterBytes(600);
                if (await(() -> proxy.cuts() >= 1 && proxy.accepted() >= 9, stop)) {
                    proxy.cutAfterBytes(600);
                }
            }
        }, "cutter");
        t.start();
        return t;
    }

    /**
     * Once the big table is loading (its record shows acknowledged documents), cuts every few answers,
     * over and over, so that one cut finds batches in flight.
     */
    private static Thread keepCutting(FaultProxy proxy, Path record, AtomicBoolean stop) {
        Thread t = new Thread(() -> {
            int cuts = 0;
            while (await(() -> acknowledgedOfBig(record) > 0, stop) && cuts < 50) {
                proxy.cutAfterBytes(400);
                int before = proxy.cuts();
                if (!await(() -> proxy.cuts() > before, stop)) {
                    return;
                }
                cuts++;
            }
        }, "cutter");
        t.start();
        return t;
    }

    private static boolean await(java.util.function.BooleanSupplier condition, AtomicBoolean stop) {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (!condition.getAsBoolean()) {
            if (stop.get() || System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                return false;
            }
        }
        return true;
    }

    private void assertEveryDocumentOnce() {
        for (Map.Entry<String, List<String>> table : archived.entrySet()) {
            assertEquals(table.getValue().size(), js.count(db, table.getKey()), "count of " + table.getKey());
            List<String> expected = sorted(Canonical.canonicalForJsAll(table.getValue()));
            List<String> actual = sorted(Canonical.canonicalForJsAll(js.dump(db, table.getKey())));
            assertEquals(expected.size(), actual.size());
            assertEquals(expected, actual, "documents of " + table.getKey() + " as in the archive");
        }
    }

    private static List<String> sorted(List<String> list) {
        List<String> copy = new ArrayList<>(list);
        copy.sort(null);
        return copy;
    }
}
