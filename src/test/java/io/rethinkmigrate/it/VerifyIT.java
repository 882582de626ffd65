package io.rethinkmigrate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rethinkmigrate.json.Json;
import io.rethinkmigrate.testsupport.CliResult;
import io.rethinkmigrate.testsupport.CliRunner;
import io.rethinkmigrate.testsupport.SampleDatabase;
import io.rethinkmigrate.testsupport.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * `verify`, `dump --verify`, `restore --verify` and `list` through the real command line against a live
 * server, the server's data altered by the official JS driver (an independent writer).
 */
class VerifyIT {
    @RegisterExtension
    final SampleDatabase sample = SampleDatabase.sample("rm_verify", 300);

    @TempDir
    Path dir;

    private static CliResult cli(String... args) {
        return new CliRunner().timeout(Duration.ofMinutes(5)).run(args);
    }

    private Path dump(String name) {
        Path archive = dir.resolve(name);
        CliResult dump = sample.cli("dump", "-e", sample.db(), "-f", archive.toString(), "-q");
        assertEquals(0, dump.exitCode(), dump.describe());
        return archive;
    }

    @Test
    void anArchiveMatchesItsClusterThenMissingExtraChangedDocumentsAndAMissingIndexAreNamed() {
        Path archive = dump("sample.tar.gz");
        CliResult same = sample.cli("verify", archive.toString(), "-e", sample.db());
        assertEquals(0, same.exitCode(), same.describe());
        for (String table : List.of("people", "orders", "empty")) {
            assertTrue(line(same.stdout(), sample.db() + "." + table).contains("match"), same.describe());
        }
        assertTrue(line(same.stdout(), sample.db() + ".people").contains(sample.js().count(sample.db(), "people") + " documents"), same.describe());

        String people = sample.js().dump(sample.db(), "people").get(0);
        String firstKey = Json.parse(people).get("id").toString();
        String changedKey = Json.parse(sample.js().dump(sample.db(), "people").get(7)).get("id").toString();
        sample.js().delete(sample.db(), "people", firstKey);
        sample.js().update(sample.db(), "people", changedKey, "{\"age\": 12345}");
        sample.js().load(sample.db(), "people", null, List.of("{\"id\": \"zz-extra\", \"name\": \"new\"}"));
        String index = sample.js().indexes(sample.db(), "people").get(0);
        sample.js().indexDrop(sample.db(), "people", index);

        CliResult diff = sample.cli("verify", archive.toString(), "-e", sample.db());
        assertEquals(10, diff.exitCode(), diff.describe());
        String out = diff.stdout();
        assertTrue(out.contains("document missing on target: " + firstKey), diff.describe());
        assertTrue(out.contains("document extra on target: \"zz-extra\""), diff.describe());
        assertTrue(out.contains("document changed: " + changedKey), diff.describe());
        assertTrue(out.contains("index `" + index + "` missing on target"), diff.describe());
        assertTrue(line(out, sample.db() + ".orders").contains("match"), diff.describe());
        // the one-line error names the table and the keys
        String error = diff.stderr().lines().filter(l -> l.startsWith("error: ")).findFirst().orElse("");
        assertTrue(error.contains(sample.db() + ".people") && error.contains(firstKey) && error.contains("\"zz-extra\"")
                && error.contains(changedKey), diff.describe());

        CliResult countsOnly = sample.cli("verify", archive.toString(), "-e", sample.db() + ".people",
                "--show-differences", "0", "-q");
        assertEquals(10, countsOnly.exitCode(), countsOnly.describe());
        assertTrue(!countsOnly.stdout().contains("zz-extra"), countsOnly.describe());
        assertTrue(!countsOnly.stdout().contains(sample.db() + ".orders"), "quiet: only the differences, and -e limits the tables");
    }

    @Test
    void twoClustersThroughFromAndTo() {
        List<String> args = new ArrayList<>(List.of("verify", "--from", sample.server().address(), "--to", sample.server().address(), "-e", sample.db()));
        if (!sample.server().password().isEmpty()) {
            String file = sample.server().connectArgs().get(3);
            args.addAll(List.of("--from-password-file", file, "--to-password-file", file));
        }
        CliResult same = cli(args.toArray(String[]::new));
        assertEquals(0, same.exitCode(), same.describe());
        assertTrue(same.stdout().contains("3 tables compared: 3 match, 0 differ"), same.describe());
    }

    @Test
    void dumpVerifyThenRestoreVerifyOfATableWithoutIndexes() {
        String table = "plain";
        List<String> docs = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            docs.add("{\"id\": " + i + ", \"v\": \"x" + i + "\", \"t\": {\"$reql_type$\": \"TIME\", \"epoch_time\": " + (1e9 + i)
                    + ", \"timezone\": \"+01:00\"}}");
        }
        sample.js().load(sample.db(), table, null, docs);
        Path archive = dir.resolve("plain.tar.gz");
        CliResult dump = sample.cli("dump", "-e", sample.db() + "." + table, "-f", archive.toString(), "--verify");
        assertEquals(0, dump.exitCode(), dump.describe());
        assertTrue(dump.stderr().contains(sample.db() + "." + table + "  match      120 documents"), dump.describe());

        sample.js().dropDb(sample.db());
        CliResult restore = sample.cli("restore", archive.toString(), "--verify");
        assertEquals(0, restore.exitCode(), restore.describe());
        assertTrue(restore.stderr().contains(sample.db() + "." + table + "  match      120 documents"), restore.describe());
        assertEquals(120, sample.js().count(sample.db(), table));
    }

    @Test
    void restoreVerifyReportsIndexesTheRestoreLeftOut() {
        Path archive = dump("sample.tar.gz");
        List<String> indexes = sample.js().indexes(sample.db(), "people");
        sample.js().dropDb(sample.db());
        CliResult restore = sample.cli("restore", archive.toString(), "--no-secondary-indexes", "--verify");
        assertEquals(10, restore.exitCode(), restore.describe());
        for (String index : indexes) {
            assertTrue(restore.stderr().contains("index `" + index + "` missing on target"), restore.describe());
        }
    }

    @Test
    void listOurDumpWithoutAServer() {
        Path archive = dump("sample.tar.gz");
        CliResult list = cli("list", "--format", "json", archive.toString());
        assertEquals(0, list.exitCode(), list.describe());
        JsonNode root = Json.parse(list.stdout());
        int seen = 0;
        for (JsonNode t : root.get("tables")) {
            String table = t.get("table").asText();
            assertEquals(sample.db(), t.get("db").asText());
            assertEquals(sample.js().count(sample.db(), table), t.get("documents").asLong(), table);
            List<String> names = new ArrayList<>();
            t.get("indexes").forEach(i -> names.add(i.get("name").asText()));
            assertEquals(sample.js().indexes(sample.db(), table), names, table);
            seen++;
        }
        assertEquals(3, seen);
        CliResult stdin = new CliRunner().timeout(Duration.ofMinutes(2)).stdin(readAll(archive)).run("list", "-");
        assertEquals(0, stdin.exitCode(), stdin.describe());
        assertTrue(line(stdin.stdout(), sample.db() + ".people").contains(sample.js().count(sample.db(), "people") + " ("), stdin.describe());
    }

    /** Write hooks: reqlite has none, so this needs a real server. */
    @Test
    void aChangedWriteHookIsReported() {
        TestServer.requireRealServer("write hooks");
        sample.js().setWriteHook(sample.db(), "orders", "stamped_a");
        Path archive = dump("hooked.tar.gz");
        CliResult same = sample.cli("verify", archive.toString(), "-e", sample.db());
        assertEquals(0, same.exitCode(), same.describe());
        sample.js().setWriteHook(sample.db(), "orders", "stamped_b");
        CliResult diff = sample.cli("verify", archive.toString(), "-e", sample.db());
        assertEquals(10, diff.exitCode(), diff.describe());
        assertTrue(diff.stdout().contains("write hook differs"), diff.describe());
        assertTrue(diff.stdout().contains("stamped_b"), diff.describe());
    }

    private static byte[] readAll(Path p) {
        try {
            return java.nio.file.Files.readAllBytes(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String line(String out, String prefix) {
        return out.lines().filter(l -> l.stripLeading().startsWith(prefix + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no line for " + prefix + " in:\n" + out));
    }
}
