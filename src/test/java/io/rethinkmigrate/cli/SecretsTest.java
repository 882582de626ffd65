package io.rethinkmigrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rethinkmigrate.testsupport.RecordedServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The password never shows: not in error messages, not in --debug stack traces, not in the --report
 * JSON, whether it came from --password-file or RETHINKDB_PASSWORD, and whether the login worked.
 */
class SecretsTest {
    private static final String SECRET = "pw-Sekr1t-4242-zq";

    @TempDir
    Path dir;

    @Test
    void refusedPasswordFromAFileIsNeitherInTheDebugTraceNorInTheReport() throws Exception {
        Path file = Files.writeString(dir.resolve("password"), SECRET + "\n");
        Path report = dir.resolve("report.json");
        try (RecordedServer server = RecordedServer.start().user("admin", "another-one")) {
            InProcessCli.Outcome o = InProcessCli.run("dump", "-c", server.endpoint().toString(), "--password-file",
                    file.toString(), "--debug", "--report", report.toString(), "-f", dir.resolve("x.tar.gz").toString());
            assertEquals(4, o.code(), o.err());
            assertTrue(o.err().contains("\tat "), "--debug printed the stack trace: " + o.err());
            assertNoSecret(o, report);
        }
    }

    @Test
    void passwordFromTheEnvironmentIsNeitherInTheDebugTraceNorInTheReport() throws Exception {
        Path report = dir.resolve("report.json");
        try (RecordedServer server = RecordedServer.start().user("admin", "another-one")) {
            InProcessCli.Outcome o = InProcessCli.run(Map.of("RETHINKDB_PASSWORD", SECRET), "restore",
                    missingArchive(), "-c", server.endpoint().toString(), "--debug", "--report", report.toString());
            assertEquals(2, o.code(), o.err()); // the archive is checked first: a usage error
            assertNoSecret(o, report);
            o = InProcessCli.run(Map.of("RETHINKDB_PASSWORD", SECRET), "dump", "-c", server.endpoint().toString(),
                    "--debug", "--report", report.toString(), "-f", dir.resolve("y.tar.gz").toString());
            assertEquals(4, o.code(), o.err());
            assertNoSecret(o, report);
        }
    }

    @Test
    void acceptedPasswordIsNotInTheDebugOutputOrTheReport() throws Exception {
        Path file = Files.writeString(dir.resolve("password"), SECRET);
        Path report = dir.resolve("report.json");
        try (RecordedServer server = RecordedServer.start().user("admin", SECRET)) {
            // logs in, then fails on a database the recording does not have: an error after the login
            InProcessCli.Outcome o = InProcessCli.run("dump", "-c", server.endpoint().toString(), "--password-file",
                    file.toString(), "--debug", "--report", report.toString(), "-e", "no_such_db",
                    "-f", dir.resolve("z.tar.gz").toString());
            assertTrue(o.code() != 4 && o.code() != 3, "the login worked: " + o.err());
            assertNoSecret(o, report);
        }
    }

    @Test
    void promptWithoutATerminalIsAUsageErrorSuggestingTheFile() {
        InProcessCli.Outcome o = InProcessCli.run("version", "-c", "127.0.0.1:" + InProcessCli.closedPort(), "-p");
        assertEquals(2, o.code(), o.err());
        assertTrue(o.err().contains("-p/--password needs a terminal") && o.err().contains("--password-file"), o.err());
    }

    @Test
    void aPasswordTypedAfterDashPIsNotQuotedInTheError() {
        for (String[] args : List.of(new String[] {"dump", "-p", SECRET, "-c", "127.0.0.1:1"},
                new String[] {"restore", "--password", SECRET},
                new String[] {"restore", "--password=" + SECRET, "x.tar.gz"})) {
            InProcessCli.Outcome o = InProcessCli.run(args);
            assertEquals(2, o.code(), o.err());
            assertFalse(o.err().contains(SECRET), String.join(" ", args) + ": " + o.err());
            assertTrue(o.err().contains("***"), o.err());
        }
    }

    private String missingArchive() {
        return dir.resolve("missing.tar.gz").toString();
    }

    private static void assertNoSecret(InProcessCli.Outcome o, Path report) throws Exception {
        assertFalse(o.err().contains(SECRET), "stderr: " + o.err());
        assertFalse(o.out().contains(SECRET), "stdout: " + o.out());
        assertTrue(Files.exists(report), "the report is written however the run ends");
        String json = Files.readString(report, StandardCharsets.UTF_8);
        assertFalse(json.contains(SECRET), "report: " + json);
    }
}
