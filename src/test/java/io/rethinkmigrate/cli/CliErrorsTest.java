package io.rethinkmigrate.cli;

import static io.rethinkmigrate.cli.InProcessCli.run;
import static io.rethinkmigrate.cli.InProcessCli.closedPort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an operator sees when the command line or its inputs are wrong: one line and a documented code. */
class CliErrorsTest {
    @TempDir
    Path dir;

    @Test
    void unknownOptionIsUsageError() {
        InProcessCli.Outcome o = run("dump", "--no-such-option");
        assertEquals(2, o.code());
        assertTrue(o.err().contains("--no-such-option"), o.err());
    }

    @Test
    void badConnectValueNamesTheOption() {
        InProcessCli.Outcome o = run("dump", "-c", "host:notaport");
        assertEquals(2, o.code());
        assertTrue(o.err().startsWith("error: -c/--connect host:notaport"), o.err());
        assertFalse(o.err().contains("\tat "), "no stack trace without --debug");
    }

    @Test
    void unreachableServerIsConnectionErrorNamingHostAndPort() throws IOException {
        int port = closedPort();
        Path file = dir.resolve("out.tar.gz");
        InProcessCli.Outcome o = run("dump", "-c", "127.0.0.1:" + port, "-f", file.toString(), "-q");
        assertEquals(3, o.code(), o.err());
        assertTrue(o.err().contains("127.0.0.1:" + port), o.err());
        assertEquals(1, o.err().strip().lines().count(), "one line: " + o.err());
        assertFalse(Files.exists(file), "no archive left behind");
        assertFalse(Files.exists(dir.resolve("out.tar.gz.partial")), "no partial archive left behind");
    }

    @Test
    void missingTlsCertFileIsUsageErrorNamingOptionAndFile() throws IOException {
        Path missing = dir.resolve("missing.pem");
        Path file = dir.resolve("out.tar.gz");
        InProcessCli.Outcome o = run("dump", "--tls-cert", missing.toString(), "-c", "127.0.0.1:" + closedPort(), "-f", file.toString());
        assertEquals(2, o.code(), o.err());
        assertTrue(o.err().startsWith("error: --tls-cert " + missing + ": no such file"), o.err());
        assertEquals(1, o.err().strip().lines().count(), "one line: " + o.err());
        assertFalse(Files.exists(file), "checked before the archive is created");
    }

    @Test
    void tlsCertFileWithoutCertificateIsUsageError() throws IOException {
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n");
        InProcessCli.Outcome o = run("dump", "--tls-cert", garbage.toString(), "-c", "127.0.0.1:" + closedPort(), "-f", dir.resolve("x.tar.gz").toString());
        assertEquals(2, o.code(), o.err());
        assertTrue(o.err().startsWith("error: --tls-cert " + garbage + ": not a PEM X.509 certificate"), o.err());
        assertFalse(o.err().contains("\tat "), "no stack trace without --debug");

        Path empty = Files.writeString(dir.resolve("empty.pem"), "");
        o = run("restore", "--tls-cert", empty.toString(), "-c", "127.0.0.1:" + closedPort(), garbage.toString());
        assertEquals(2, o.code(), o.err());
        assertTrue(o.err().contains("--tls-cert " + empty), o.err());
    }

    @Test
    void existingDumpFileIsRefusedWithoutOverwrite() throws IOException {
        Path file = dir.resolve("old.tar.gz");
        Files.writeString(file, "precious");
        InProcessCli.Outcome o = run("dump", "-c", "127.0.0.1:" + closedPort(), "-f", file.toString());
        assertEquals(6, o.code(), o.err());
        assertTrue(o.err().contains(file.toString()), o.err());
        assertEquals("precious", Files.readString(file), "the existing file is untouched");
    }

    @Test
    void missingArchiveIsUsageError() {
        InProcessCli.Outcome o = run("restore", dir.resolve("nope.tar.gz").toString());
        assertEquals(2, o.code());
        assertTrue(o.err().contains("nope.tar.gz"), o.err());
    }

    @Test
    void archiveThatIsNotGzipIsRejectedBeforeConnecting() throws IOException {
        Path file = dir.resolve("notes.tar.gz");
        Files.writeString(file, "this is not an archive");
        InProcessCli.Outcome o = run("restore", file.toString(), "-c", "127.0.0.1:" + closedPort());
        assertEquals(5, o.code(), o.err());
        assertTrue(o.err().contains("notes.tar.gz"), o.err());
    }

    @Test
    void helpListsEveryExitCode() {
        InProcessCli.Outcome o = run("dump", "--help");
        assertEquals(0, o.code());
        for (ExitCode c : ExitCode.values()) {
            assertTrue(o.out().contains(String.format("%3d  %s", c.code(), c.meaning())), "missing " + c + " in:\n" + o.out());
        }
        assertTrue(o.out().contains("--read-outdated") && o.out().contains("--overwrite-file"), o.out());
    }

    @Test
    void nonPositiveClientsIsUsageError() {
        InProcessCli.Outcome o = run("restore", "x.tar.gz", "--clients", "0");
        assertEquals(2, o.code());
        assertTrue(o.err().contains("--clients 0"), o.err());
    }
}
