package io.rethinkmigrate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rethinkmigrate.json.Json;
import io.rethinkmigrate.testsupport.CliResult;
import io.rethinkmigrate.testsupport.CliRunner;
import io.rethinkmigrate.testsupport.OfficialTool;
import io.rethinkmigrate.testsupport.SampleDatabase;
import io.rethinkmigrate.testsupport.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scale-out (issue 18): a plan of 3 parts, each dumped by its own process at the same time (the part
 * number from the environment, as a scheduler gives it), the three archives restored together into an
 * empty database equal the source: documents (JS driver), and on a real server indexes and the write hook
 * (reqlite cannot recreate indexes and has no hooks). A missing or doubled part is refused with exit code
 * 14 and one line, before anything is written. `verify` compares the parts together with the source. On a
 * real server, the official restore loads a part alone.
 */
class PartsIT {
    private static final int INCONSISTENT = 14;
    private static final int PARTS = 3;
    private static final Duration RUN = Duration.ofMinutes(5);

    @RegisterExtension
    final SampleDatabase sample = SampleDatabase.sample("rm_parts", 2000).snapshotted();

    @TempDir
    Path dir;

    @Test
    void threePartsDumpedAtOnceRestoreTogetherToTheSource() throws Exception {
        boolean real = sample.server().isReal();
        if (real) {
            sample.js().setWriteHook(sample.db(), "orders", "stamped");
        }
        Path plan = plan();
        List<CompletableFuture<CliResult>> dumps = new ArrayList<>();
        for (int part = 0; part < PARTS; part++) {
            CliRunner runner = new CliRunner().timeout(RUN).env("RETHINK_MIGRATE_PART", "" + part);
            String archive = part(part).toString();
            dumps.add(CompletableFuture.supplyAsync(() -> sample.cli(runner, "dump", "-q", "--plan", plan.toString(),
                    "-f", archive)));
        }
        for (CompletableFuture<CliResult> dump : dumps) {
            ok(dump.get());
        }
        String target = sample.newDb("rm_parts_to");
        List<String> restore = new ArrayList<>(List.of("restore", "-q", "--rename", sample.db() + "=" + target,
                part(0).toString(), part(1).toString(), part(2).toString()));
        if (!real) {
            restore.add("--no-secondary-indexes"); // reqlite's index_status has no function blobs
        }
        ok(sample.cli(restore.toArray(String[]::new)));
        assertEquals(sample.before(), sample.snapshot(target), "the parts add up to the source");
        if (real) {
            assertEquals(schema(sample.db()), schema(target), "indexes and write hooks, set once after the data");
            assertNotNull(sample.js().writeHook(target, "orders"), "the write hook came back");
        }
    }

    @Test
    void missingOrDoubledPartIsRefusedBeforeAnyWrite() throws Exception {
        dumpEachPartInTurn();
        String target = sample.newDb("rm_parts_no");
        String rename = sample.db() + "=" + target;
        refused(sample.cli("restore", "--rename", rename, part(0).toString(), part(2).toString()),
                "part 1 of the 3 parts");
        refused(sample.cli("restore", "--rename", rename, part(0).toString(), part(1).toString(), part(1).toString(),
                part(2).toString()), "given twice");
        assertEquals(List.of(), sample.tablesOf(target), "nothing written");
    }

    @Test
    void eachPartRestoredOnItsOwnThenFinishedOnce() throws Exception {
        boolean real = sample.server().isReal();
        if (real) {
            sample.js().setWriteHook(sample.db(), "orders", "stamped");
        }
        Path plan = dumpEachPartInTurn();
        String state = dir.resolve("state").toString();
        CliResult exists = sample.cli("restore", "-q", part(0).toString(), "--plan", plan.toString(), "--part", "0",
                "--parts-done", state);
        assertEquals(6, exists.exitCode(), "the source's own tables exist: refused without --force; " + exists.describe());
        try (var left = Files.list(Path.of(state))) {
            assertEquals(List.of(), left.toList(), "the refused part gave its claim up and recorded nothing");
        }
        String target = sample.newDb("rm_parts_alone");
        List<String> common = new ArrayList<>(List.of("-q", "--plan", plan.toString(), "--parts-done", state,
                "--rename", sample.db() + "=" + target));
        if (!real) {
            common.add("--no-secondary-indexes"); // reqlite's index_status has no function blobs
        }
        List<CompletableFuture<CliResult>> first = new ArrayList<>();
        for (int part = 0; part < 2; part++) {
            CliRunner runner = new CliRunner().timeout(RUN).env("JOB_COMPLETION_INDEX", "" + part);
            String[] restore = args("restore", part(part), common);
            first.add(CompletableFuture.supplyAsync(() -> sample.cli(runner, restore)));
        }
        for (CompletableFuture<CliResult> restore : first) {
            ok(restore.get());
        }
        List<String> finish = new ArrayList<>(List.of("--finish"));
        finish.addAll(common);
        refused(sample.cli(args("restore", part(1), finish)), "part 2 of the 3 parts");
        if (real) {
            assertEquals(List.of(), sample.js().indexes(target, "people"), "no index before --finish");
        }
        List<String> last = new ArrayList<>(List.of("--part", "2"));
        last.addAll(common);
        ok(sample.cli(args("restore", part(2), last)));
        List<String> withoutRename = new ArrayList<>(finish);
        withoutRename.subList(withoutRename.indexOf("--rename"), withoutRename.indexOf("--rename") + 2).clear();
        refused(sample.cli(args("restore", part(1), withoutRename)), "give --finish the same -i, --exclude and --rename");
        ok(sample.cli(args("restore", part(1), finish)));
        assertEquals(sample.before(), sample.snapshot(target), "the parts add up to the source");
        if (real) {
            assertEquals(schema(sample.db()), schema(target), "indexes and write hooks, set once by --finish");
        }
    }

    @Test
    void verifyComparesThePartsTogetherWithTheSource() {
        Path plan = dumpEachPartInTurn();
        String db = sample.db();
        ok(sample.cli("verify", "-q", "-e", db, part(0).toString(), part(1).toString(), part(2).toString()));
        ok(sample.cli("verify", "-q", "-e", db, "--plan", plan.toString(), dir.toString()));
        refused(sample.cli("verify", "-q", "-e", db, part(2).toString(), part(1).toString()), "part 0 of the 3 parts");

        String key = Json.parse(sample.before("people").get(0)).get("id").toString();
        sample.js().delete(db, "people", key);
        CliResult diff = sample.cli("verify", "-q", "-e", db, "--plan", plan.toString(), dir.toString());
        assertEquals(10, diff.exitCode(), diff.describe());
        assertTrue(diff.stdout().contains("document missing on target: " + key), diff.describe());
        assertFalse(diff.stdout().contains(db + ".orders"), "orders still match: " + diff.describe());
    }

    @Test
    void theOfficialRestoreLoadsOnePartAlone() throws Exception {
        TestServer server = TestServer.requireRealServer("run the official rethinkdb-restore (Python driver)");
        OfficialTool official = OfficialTool.require();
        dumpEachPartInTurn();
        sample.js().dropDb(sample.db());
        ok(official.run(RUN, "restore", officialArgs(server, part(1).toString())));
        List<String> alone = sample.documents(sample.db(), "people");
        assertFalse(alone.isEmpty(), "part 1 holds some of the people");
        assertTrue(alone.size() < sample.before("people").size(), "part 1 holds only some of the people");
        assertTrue(sample.before("people").containsAll(alone), "each document of part 1 is a source document");
        ok(official.run(RUN, "restore", officialArgs(server, part(0).toString(), "--force")));
        ok(official.run(RUN, "restore", officialArgs(server, part(2).toString(), "--force")));
        assertEquals(sample.before(), sample.snapshot(sample.db()), "the three parts, one by one, give the source");
    }

    private Path plan() {
        Path plan = dir.resolve("plan.json");
        ok(sample.cli("plan", "-q", "--parts", "" + PARTS, "-o", plan.toString(), "-e", sample.db()));
        return plan;
    }

    private Path dumpEachPartInTurn() {
        Path plan = plan();
        for (int part = 0; part < PARTS; part++) {
            ok(sample.cli("dump", "-q", "--plan", plan.toString(), "--part", "" + part, "-f", part(part).toString()));
        }
        return plan;
    }

    /** Per table: the sorted index names and the write hook's query text (JS driver). */
    private Map<String, Object> schema(String database) {
        Map<String, Object> all = new TreeMap<>();
        for (String table : sample.tables()) {
            all.put(table + " indexes", sample.js().indexes(database, table));
            all.put(table + " write hook", String.valueOf(sample.js().writeHook(database, table)));
        }
        return all;
    }

    private static String[] officialArgs(TestServer server, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(server.connectArgs());
        return all.toArray(String[]::new);
    }

    private static String[] args(String command, Path archive, List<String> options) {
        List<String> all = new ArrayList<>(List.of(command, archive.toString()));
        all.addAll(options);
        return all.toArray(String[]::new);
    }

    private Path part(int i) {
        return dir.resolve("part-" + i + ".tar.gz");
    }

    private static void ok(CliResult result) {
        assertEquals(0, result.exitCode(), result.describe());
    }

    private static void refused(CliResult result, String says) {
        assertEquals(INCONSISTENT, result.exitCode(), result.describe());
        List<String> lines = result.stderr().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), result.describe());
        assertTrue(lines.get(0).contains(says), result.describe());
    }
}
