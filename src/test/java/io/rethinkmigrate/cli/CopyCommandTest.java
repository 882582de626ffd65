package io.rethinkmigrate.cli;

import static io.rethinkmigrate.cli.InProcessCli.closedPort;
import static io.rethinkmigrate.cli.InProcessCli.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `copy`'s command line: usage errors name the option (exit 2) before any server is reached. */
class CopyCommandTest {
    @TempDir
    Path dir;

    private static String closed() {
        return "127.0.0.1:" + closedPort();
    }

    @Test
    void bothSidesAreRequired() {
        InProcessCli.Outcome o = run("copy", "--from", closed());
        assertEquals(2, o.code(), o.err());
        assertTrue(o.err().contains("--to"), o.err());
    }

    @Test
    void untilIdleNeedsFollow() {
        InProcessCli.Outcome o = run("copy", "--from", closed(), "--to", closed(), "--until-idle", "3");
        assertEquals(2, o.code(), o.err());
        assertTrue(o.err().startsWith("error: --until-idle needs --follow"), o.err());
    }

    @Test
    void untilIdleMustBePositive() {
        InProcessCli.Outcome o = run("copy", "--from", closed(), "--to", closed(), "--follow", "--until-idle", "0");
        assertEquals(2, o.code(), o.err());
        assertTrue(o.err().startsWith("error: --until-idle 0.0: must be more than 0 seconds"), o.err());
    }

    @Test
    void aBadAddressNamesItsSide() {
        InProcessCli.Outcome o = run("copy", "--from", closed(), "--to", "host:notaport");
        assertEquals(2, o.code(), o.err());
        assertTrue(o.err().startsWith("error: --to host:notaport"), o.err());
    }

    @Test
    void anUnreadablePasswordFileNamesItsOption() {
        Path missing = dir.resolve("missing");
        InProcessCli.Outcome o = run("copy", "--from", closed(), "--from-password-file", missing.toString(), "--to", closed());
        assertEquals(2, o.code(), o.err());
        assertTrue(o.err().startsWith("error: --from-password-file " + missing + ": cannot read it"), o.err());
    }

    @Test
    void aMissingCaFileNamesItsOption() {
        Path missing = dir.resolve("ca.pem");
        InProcessCli.Outcome o = run("copy", "--from", closed(), "--to", closed(), "--to-tls-cert", missing.toString());
        assertEquals(2, o.code(), o.err());
        assertTrue(o.err().startsWith("error: --to-tls-cert " + missing), o.err());
    }

    @Test
    void aClientKeyWithoutItsCertificateNamesTheSidesOptions() {
        InProcessCli.Outcome o = run("copy", "--from", closed(), "--from-tls-client-key", dir.resolve("client.key").toString(),
                "--to", closed());
        assertEquals(2, o.code(), o.err());
        assertTrue(o.err().startsWith("error: --from-tls-client-key needs --from-tls-client-cert"), o.err());
    }

    @Test
    void badSelectionAndRenameValuesAreUsageErrors() {
        InProcessCli.Outcome rename = run("copy", "--from", closed(), "--to", closed(), "--rename", "a.b=c");
        assertEquals(2, rename.code(), rename.err());
        assertTrue(rename.err().startsWith("error: --rename a.b=c"), rename.err());
        InProcessCli.Outcome select = run("copy", "--from", closed(), "--to", closed(), "-e", "rethinkdb");
        assertEquals(2, select.code(), select.err());
        assertTrue(select.err().startsWith("error: -e/--export rethinkdb"), select.err());
    }

    @Test
    void anUnreachableSourceIsAConnectionErrorNamingIt() {
        String from = closed();
        InProcessCli.Outcome o = run("copy", "--from", from, "--to", closed(), "-q");
        assertEquals(3, o.code(), o.err());
        assertTrue(o.err().contains(from), o.err());
        assertEquals(1, o.err().strip().lines().count(), "one line: " + o.err());
    }
}
