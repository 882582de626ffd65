package io.rethinkmigrate.cli.options;

import io.rethinkmigrate.cli.InProcessCli;

import io.rethinkmigrate.cli.ExitCode;


import static io.rethinkmigrate.cli.InProcessCli.closedPort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;
import io.rethinkmigrate.json.Json;
import io.rethinkmigrate.model.TableId;
import io.rethinkmigrate.progress.ProgressListener;
import io.rethinkmigrate.progress.RunSummary;
import io.rethinkmigrate.progress.TableResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --report without a server: a run that fails still leaves a whole report naming the error. */
class ReportOptionsTest {
    @TempDir
    Path dir;

    @Test
    void failedConnectionIsReportedWithItsExitCode() throws Exception {
        Path report = dir.resolve("run.json");
        int port = closedPort();
        InProcessCli.Outcome o = InProcessCli.run("dump", "-c", "127.0.0.1:" + port, "-f",
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
    void runStoppedPartwayReportsFinishedUnfinishedAndNotStartedTables() throws Exception {
        ReportOptions options = new ReportOptions();
        options.report = dir.resolve("partial.json");
        ConnectionOptions connection = new ConnectionOptions();
        connection.connect = "db.example:28099";
        TableId a = new TableId("shop", "a");
        TableId b = new TableId("shop", "b");
        TableId c = new TableId("shop", "c");
        MigrateException lost = new MigrateException(ErrorKind.CONNECTION, "connection to db.example:28099 lost");
        MigrateException thrown = assertThrows(MigrateException.class, () -> options.run("dump", connection, () -> {
            ProgressListener listener = options.record(ProgressListener.NONE);
            listener.tablePlanned(a, 10);
            listener.tablePlanned(b, 20);
            listener.tablePlanned(c, 30);
            listener.warning("careful");
            listener.tableStarted(a, 10);
            listener.tableStarted(b, 20);
            listener.documentsDone(a, 10, 100);
            listener.tableFinished(TableResult.done(a, 10, 100, 1, true, Duration.ofMillis(1500)));
            listener.documentsDone(b, 7, 70);
            throw lost;
        }));
        assertSame(lost, thrown, "the error goes on to Main");
        JsonNode json = Json.mapper().readTree(options.report.toFile());
        assertEquals("db.example:28099", json.get("server").asText());
        assertEquals(3, json.get("exit_code").asInt());
        assertEquals("connection to db.example:28099 lost", json.get("error").asText());
        JsonNode tables = json.get("tables");
        assertEquals(3, tables.size());
        assertEquals("done", tables.get(0).get("status").asText());
        assertEquals(1.5, tables.get(0).get("seconds").asDouble());
        assertTrue(tables.get(0).get("write_hook").asBoolean());
        assertEquals(1, tables.get(0).get("indexes").asInt());
        assertEquals("b", tables.get(1).get("table").asText());
        assertEquals("unfinished", tables.get(1).get("status").asText());
        assertEquals(7, tables.get(1).get("documents").asLong());
        assertEquals("not_started", tables.get(2).get("status").asText());
        JsonNode totals = json.get("totals");
        assertEquals(3, totals.get("tables").asInt());
        assertEquals(1, totals.get("done").asInt());
        assertEquals(2, totals.get("unfinished").asInt());
        assertEquals(17, totals.get("documents").asLong());
        assertEquals(170, totals.get("bytes").asLong());
        assertEquals("careful", json.get("warnings").get(0).asText());
    }

    @Test
    void partialRunKeepsItsExitCodeAndSummary() throws Exception {
        ReportOptions options = new ReportOptions();
        options.report = dir.resolve("partial7.json");
        TableId a = new TableId("shop", "a");
        int code = options.run("restore", new ConnectionOptions(), () -> {
            options.record(ProgressListener.NONE);
            options.summary(new RunSummary(List.of(new TableResult(a, TableResult.Status.INCOMPLETE, 5, 50, 0, false,
                    Duration.ofSeconds(1), "index `x` was not recreated")), List.of("index `x` was not recreated"),
                    Duration.ofSeconds(2)));
            return ExitCode.PARTIAL.code();
        });
        assertEquals(7, code);
        JsonNode json = Json.mapper().readTree(options.report.toFile());
        assertEquals(7, json.get("exit_code").asInt());
        assertTrue(json.get("error").isNull());
        assertEquals("incomplete", json.get("tables").get(0).get("status").asText());
        assertEquals("index `x` was not recreated", json.get("tables").get(0).get("error").asText());
        assertEquals(1, json.get("totals").get("incomplete").asInt());
        assertEquals(1, json.get("warnings").size());
    }

    @Test
    void reportInAMissingDirectoryIsAUsageError() {
        Path report = dir.resolve("no/such/dir/run.json");
        InProcessCli.Outcome o = InProcessCli.run("restore", dir.resolve("a.tar.gz").toString(), "--report",
                report.toString());
        assertEquals(2, o.code(), o.err());
        assertTrue(o.err().startsWith("error: --report "), o.err());
    }

    @Test
    void helpDescribesTheReportAndProgressOptions() {
        InProcessCli.Outcome o = InProcessCli.run("dump", "--help");
        assertEquals(0, o.code());
        String help = o.out().replaceAll("\\s+", " ");
        assertTrue(help.contains("--report=FILE.json"), help);
        assertTrue(help.contains("tables: [{db, table, status, documents, bytes, indexes, write_hook, seconds, error}]"), help);
        assertTrue(help.contains("--progress=MODE"), help);
    }
}
