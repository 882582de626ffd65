package io.rethinkmigrate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rethinkmigrate.json.Json;
import io.rethinkmigrate.testsupport.CliResult;
import io.rethinkmigrate.testsupport.CliRunner;
import io.rethinkmigrate.testsupport.ProcessRunner;
import io.rethinkmigrate.testsupport.SampleDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an operator sees on stderr (progress redrawn on a terminal, plain lines in a log, nothing with -q)
 * and what a script reads from --report, checked against the counts of the official JS driver.
 */
class ProgressIT {
    @RegisterExtension
    final SampleDatabase sample = SampleDatabase.sample("rm_progress", DOCS);

    private static final int DOCS = 2500;
    private static final Pattern CURSOR_UP = Pattern.compile("\u001b\\[\\d+A");

    @TempDir
    Path dir;

    private long total() {
        return SampleDatabase.SAMPLE_TABLES.stream().mapToLong(t -> sample.js().count(sample.db(), t)).sum();
    }

    @Test
    void dumpUnderAPseudoTerminalRedrawsInPlace() {
        Path script = Path.of("/usr/bin/script");
        if (!Files.isExecutable(script)) {
            String reason = "util-linux `script` not found at " + script + ": cannot run the dump under a pseudo-terminal";
            System.err.println("SKIPPED " + getClass().getName() + ".dumpUnderAPseudoTerminalRedrawsInPlace: " + reason);
            Assumptions.abort(reason);
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-jar");
        command.add(CliRunner.jar().toString());
        command.addAll(List.of(sample.withServer("dump", "-e", sample.db(), "-f", dir.resolve("tty.tar.gz").toString())));
        String line = String.join(" ", command.stream().map(ProgressIT::shellQuote).toList());
        Map<String, String> env = new HashMap<>();
        env.put("COLUMNS", "200");
        env.put("TERM", "xterm");
        ProcessRunner.Outcome o = ProcessRunner.run(List.of(script.toString(), "-q", "-e", "-c", line, "/dev/null"),
                dir, env, null, Duration.ofMinutes(5));
        String out = o.stdoutText().replace("\r\n", "\n");
        String describe = "exit " + o.exitCode() + "\n--- terminal ---\n" + out.replace("\u001b", "ESC")
                + "\n--- stderr ---\n" + o.stderrText();
        assertEquals(0, o.exitCode(), describe);

        assertTrue(out.contains("\r\u001b[2K"), "carriage return + clear line: " + describe);
        assertTrue(CURSOR_UP.matcher(out).find(), "cursor up over the block: " + describe);
        for (String table : List.of("people", "orders")) {
            assertTrue(Pattern.compile("\u001b\\[2K  " + Pattern.quote(sample.db() + "." + table) + "  \\d+/\\d+ docs \\d+%")
                    .matcher(out).find(), "a live line for " + table + ": " + describe);
            assertTrue(out.contains("  done " + sample.db() + "." + table + ": " + sample.js().count(sample.db(), table) + " documents"),
                    "a permanent line for " + table + ": " + describe);
        }
        long total = total();
        assertEquals(DOCS + DOCS / 2, total);
        assertTrue(Pattern.compile("  total  \\d+/\\d+ docs \\d+%  [0-9.]+ MB  \\d+ docs/s  \\d/3 tables").matcher(out).find(),
                describe);
        assertTrue(out.contains("  total  " + total + "/" + total + " docs 100%"), "the final total: " + describe);
        int summary = out.indexOf("Dump complete: ");
        assertTrue(summary > 0, describe);
        assertFalse(out.substring(summary).contains("\u001b"), "the summary is plain text below the block: " + describe);
        assertTrue(out.contains("  3 tables, " + total + " documents"), describe);
    }

    @Test
    void withoutTerminalProgressIsPlainLinesAndTheReportHasTheCounts() throws Exception {
        Path report = dir.resolve("dump.json");
        CliResult r = sample.cli("dump", "-e", sample.db(), "-f", dir.resolve("plain.tar.gz").toString(), "--report", report.toString());
        assertEquals(0, r.exitCode(), r.describe());
        assertFalse(r.stderr().contains("\u001b"), "no escape sequences at all: " + r.describe());
        assertTrue(r.stderr().contains("  dumping " + sample.db() + ".people (about "), r.describe());
        assertTrue(r.stderr().contains("  done " + sample.db() + ".people: " + DOCS + " documents"), r.describe());
        assertTrue(r.stderr().contains("Dump complete: "), r.describe());
        assertEquals("", r.stdout());

        JsonNode json = Json.mapper().readTree(report.toFile());
        assertEquals("dump", json.get("command").asText());
        assertEquals(sample.server().address(), json.get("server").asText());
        assertEquals(0, json.get("exit_code").asInt());
        assertTrue(json.get("error").isNull());
        assertReportMatchesServer(json, "done");
        long bytes = 0;
        for (JsonNode t : json.get("tables")) {
            bytes += t.get("bytes").asLong();
            assertTrue(t.get("seconds").asDouble() >= 0);
            assertFalse(t.get("write_hook").asBoolean());
        }
        assertEquals(bytes, json.get("totals").get("bytes").asLong());
        assertEquals(2, table(json, "people").get("indexes").asInt());
    }

    @Test
    void quietPrintsNothingButErrors() {
        Path archive = dir.resolve("quiet.tar.gz");
        CliResult quiet = sample.cli("dump", "-e", sample.db(), "-f", archive.toString(), "-q");
        assertEquals(0, quiet.exitCode(), quiet.describe());
        assertEquals("", quiet.stderr(), "no progress, no summary: " + quiet.describe());

        CliResult forcedTty = sample.cli("dump", "-e", sample.db(), "-f", dir.resolve("quiet2.tar.gz").toString(), "-q", "--progress=tty");
        assertEquals(0, forcedTty.exitCode(), forcedTty.describe());
        assertEquals("", forcedTty.stderr(), "-q wins over --progress: " + forcedTty.describe());

        CliResult refused = sample.cli("dump", "-e", sample.db(), "-f", archive.toString(), "-q");
        assertEquals(6, refused.exitCode(), refused.describe());
        assertTrue(refused.stderr().startsWith("error: "), refused.describe());
        assertEquals(1, refused.stderr().strip().lines().count(), "only the error: " + refused.describe());
    }

    @Test
    void restoreReportsTheCountsAndARefusedRestoreReportsTheError() throws Exception {
        Path archive = dir.resolve("sample.tar.gz");
        assertEquals(0, sample.cli("dump", "-e", sample.db(), "-f", archive.toString(), "-q").exitCode());
        sample.js().dropDb(sample.db());

        Path report = dir.resolve("restore.json");
        CliResult restore = sample.cli("restore", archive.toString(), "--no-secondary-indexes", "--progress=plain",
                "--report", report.toString());
        assertEquals(0, restore.exitCode(), restore.describe());
        assertFalse(restore.stderr().contains("\u001b"), restore.describe());
        JsonNode json = Json.mapper().readTree(report.toFile());
        assertEquals("restore", json.get("command").asText());
        assertEquals(0, json.get("exit_code").asInt());
        assertReportMatchesServer(json, "done");

        // the tables exist now: without --force nothing is written, exit 6, and the report says why
        Path refusedReport = dir.resolve("refused.json");
        CliResult refused = sample.cli("restore", archive.toString(), "--report", refusedReport.toString());
        assertEquals(6, refused.exitCode(), refused.describe());
        JsonNode failed = Json.mapper().readTree(refusedReport.toFile());
        assertEquals(6, failed.get("exit_code").asInt());
        String error = failed.get("error").asText();
        assertTrue(error.contains(sample.db() + ".people") && refused.stderr().contains(error), refused.describe() + "\n" + failed);
        assertEquals(0, failed.get("totals").get("documents").asLong());
        assertEquals(0, failed.get("tables").size());
        assertTrue(!instant(failed, "finished").isBefore(instant(failed, "started")));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(), files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")).toList(),
                    "no temporary report left");
        }
    }

    private static java.time.Instant instant(JsonNode json, String field) {
        return java.time.Instant.parse(json.get(field).asText());
    }

    private void assertReportMatchesServer(JsonNode json, String status) {
        long documents = 0;
        assertEquals(SampleDatabase.SAMPLE_TABLES.size(), json.get("tables").size(), json.toString());
        for (String name : SampleDatabase.SAMPLE_TABLES) {
            JsonNode t = table(json, name);
            long count = sample.js().count(sample.db(), name);
            assertEquals(count, t.get("documents").asLong(), name + " in " + json);
            assertEquals(status, t.get("status").asText(), json.toString());
            assertTrue(t.get("error").isNull(), json.toString());
            documents += count;
        }
        JsonNode totals = json.get("totals");
        assertEquals(documents, totals.get("documents").asLong());
        assertEquals(SampleDatabase.SAMPLE_TABLES.size(), totals.get("tables").asInt());
        assertEquals(SampleDatabase.SAMPLE_TABLES.size(), totals.get("done").asInt());
        assertEquals(0, totals.get("failed").asInt());
        assertTrue(json.get("elapsed_seconds").asDouble() > 0);
        assertTrue(json.get("warnings").isArray());
    }

    private JsonNode table(JsonNode json, String name) {
        for (JsonNode t : json.get("tables")) {
            if (t.get("db").asText().equals(sample.db()) && t.get("table").asText().equals(name)) {
                return t;
            }
        }
        throw new AssertionError("no table " + sample.db() + "." + name + " in " + json);
    }

    private static String shellQuote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
