package io.rethinkmigrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rethinkmigrate.json.Json;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --report without a server: a run that fails still leaves a whole report naming the error. */
class ReportOptionsTest {
    @TempDir
    Path dir;

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void failedConnectionIsReportedWithItsExitCode() throws Exception {
        Path report = dir.resolve("run.json");
        int port = closedPort();
        CliErrorsTest.Outcome o = CliErrorsTest.run("dump", "-c", "127.0.0.1:" + port, "-f",
                dir.resolve("x.tar.gz").toString(), "--report", report.toString());
        assertEquals(3, o.code(), o.err());
        JsonNode json = Json.mapper().readTree(report.toFile());
        assertEquals("rethink-migrate", json.get("tool").asText());
        assertEquals("dump", json.get("command").asText());
        assertEquals("127.0.0.1:" + port, json.get("server").asText());
        assertEquals(3, json.get("exit_code").asInt());
        assertTrue(json.get("error").asText().contains(String.valueOf(port)), json.toString());
        assertTrue(o.err().contains(json.get("error").asText()), "the same error as on stderr: " + o.err());
        Instant started = Instant.parse(json.get("started").asText());
        Instant finished = Instant.parse(json.get("finished").asText());
        assertFalse(finished.isBefore(started));
        assertTrue(json.get("elapsed_seconds").isNumber());
        assertEquals(0, json.get("totals").get("tables").asInt());
        assertEquals(0, json.get("totals").get("documents").asLong());
        assertTrue(json.get("tables").isArray());
        assertTrue(json.get("warnings").isArray());
        try (var files = Files.list(dir)) {
            assertEquals(1, files.filter(f -> f.getFileName().toString().contains("run.json")).count(),
                    "no temporary file left beside it");
        }
    }

    @Test
    void reportInAMissingDirectoryIsAUsageError() {
        Path report = dir.resolve("no/such/dir/run.json");
        CliErrorsTest.Outcome o = CliErrorsTest.run("restore", dir.resolve("a.tar.gz").toString(), "--report",
                report.toString());
        assertEquals(2, o.code(), o.err());
        assertTrue(o.err().startsWith("error: --report "), o.err());
    }

    @Test
    void helpDescribesTheReportAndProgressOptions() {
        CliErrorsTest.Outcome o = CliErrorsTest.run("dump", "--help");
        assertEquals(0, o.code());
        String help = o.out().replaceAll("\\s+", " ");
        assertTrue(help.contains("--report=FILE.json"), help);
        assertTrue(help.contains("tables: [{db, table, status, documents, bytes, indexes, write_hook, seconds, error}]"), help);
        assertTrue(help.contains("--progress=MODE"), help);
    }
}
