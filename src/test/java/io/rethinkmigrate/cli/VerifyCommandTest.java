package io.rethinkmigrate.cli;

import io.rethinkmigrate.cli.options.SideConnectionOptions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rethinkmigrate.testsupport.Fixtures;
import io.rethinkmigrate.wire.ConnectOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** verify's command line before any server is reached, and the --from/--to side options. */
class VerifyCommandTest {
    @TempDir
    Path dir;

    @Test
    void usageErrorsNameWhatIsWrong() {
        InProcessCli.Outcome nothing = InProcessCli.run(Map.of(), "verify");
        assertEquals(ExitCode.USAGE.code(), nothing.code());
        assertTrue(nothing.err().contains("nothing to compare"), nothing.err());

        InProcessCli.Outcome both = InProcessCli.run(Map.of(), "verify", Fixtures.officialDump().toString(), "--from", "a:1");
        assertEquals(ExitCode.USAGE.code(), both.code());
        assertTrue(both.err().contains("either FILE"), both.err());

        InProcessCli.Outcome oneSide = InProcessCli.run(Map.of(), "verify", "--from", "a:1");
        assertEquals(ExitCode.USAGE.code(), oneSide.code());

        InProcessCli.Outcome mixed = InProcessCli.run(Map.of(), "verify", "--from", "a:1", "--to", "b:2", "-c", "c:3");
        assertEquals(ExitCode.USAGE.code(), mixed.code());
        assertTrue(mixed.err().contains("--from-user"), mixed.err());

        InProcessCli.Outcome badAddress = InProcessCli.run(Map.of(), "verify", "--from", "a:99999", "--to", "b:2");
        assertEquals(ExitCode.USAGE.code(), badAddress.code());
        assertTrue(badAddress.err().contains("--from a:99999"), badAddress.err());

        InProcessCli.Outcome certWithoutKey = InProcessCli.run(Map.of(), "verify", "--from", "a:1", "--to", "b:2",
                "--to-tls-client-cert", dir.resolve("client.pem").toString());
        assertEquals(ExitCode.USAGE.code(), certWithoutKey.code());
        assertTrue(certWithoutKey.err().contains("--to-tls-client-cert needs --to-tls-client-key"), certWithoutKey.err());

        InProcessCli.Outcome noFile = InProcessCli.run(Map.of(), "verify", dir.resolve("none.tar.gz").toString());
        assertEquals(ExitCode.USAGE.code(), noFile.code());
        assertTrue(noFile.err().contains("none.tar.gz: no such file"), noFile.err());

        InProcessCli.Outcome show = InProcessCli.run(Map.of(), "verify", Fixtures.officialDump().toString(), "--show-differences", "-1");
        assertEquals(ExitCode.USAGE.code(), show.code());
        assertTrue(show.err().contains("--show-differences -1"), show.err());
    }

    @Test
    void anUnreachableClusterIsAConnectionError() {
        int port = InProcessCli.closedPort();
        InProcessCli.Outcome o = InProcessCli.run(Map.of(), "verify", Fixtures.officialDump().toString(), "-c", "127.0.0.1:" + port);
        assertEquals(ExitCode.CONNECTION.code(), o.code(), o.err());
        InProcessCli.Outcome two = InProcessCli.run(Map.of(), "verify", "--from", "127.0.0.1:" + port, "--to", "127.0.0.1:" + port);
        assertEquals(ExitCode.CONNECTION.code(), two.code(), two.err());
    }

    @Test
    void dumpAndRestoreVerifyRefuseWhatTheyCannotReadBack() {
        InProcessCli.Outcome dump = InProcessCli.run(Map.of(), "dump", "-f", "-", "--verify", "-c", "127.0.0.1:" + InProcessCli.closedPort());
        assertEquals(ExitCode.USAGE.code(), dump.code(), dump.err());
        assertTrue(dump.err().contains("--verify needs -f FILE"), dump.err());
        InProcessCli.Outcome restore = InProcessCli.run(Map.of(), "restore", Fixtures.officialDump().toString(), "--verify",
                "--rename", "shop=shop2", "-c", "127.0.0.1:" + InProcessCli.closedPort());
        assertEquals(ExitCode.USAGE.code(), restore.code(), restore.err());
        assertTrue(restore.err().contains("--verify needs FILE and no --rename"), restore.err());
    }

    /** The mixins as `copy` will use them: each side's own options, the shared variables as fallback. */
    @Test
    void sideOptionsEachTheirOwnWithTheVariablesAsFallback() throws Exception {
        Path pass = Files.writeString(dir.resolve("pass"), "s3cret\n");
        Map<String, String> env = Map.of("RETHINKDB_USER", "envuser", "RETHINKDB_PASSWORD", "envpass");
        Sides sides = new Sides();
        SideConnectionOptions.From from = new SideConnectionOptions.From(env::get);
        SideConnectionOptions.To to = new SideConnectionOptions.To(env::get);
        sides.from = from;
        sides.to = to;
        new CommandLine(sides).parseArgs("--from", "old:28016", "--from-user", "bob", "--from-password-file", pass.toString(),
                "--to", "[::1]");
        ConnectOptions a = from.toConnectOptions();
        ConnectOptions b = to.toConnectOptions();
        assertEquals("old", a.endpoint().host());
        assertEquals(28016, a.endpoint().port());
        assertEquals("bob", a.user());
        assertEquals("s3cret", a.password());
        assertEquals("::1", b.endpoint().host());
        assertEquals(28015, b.endpoint().port());
        assertEquals("envuser", b.user());
        assertEquals("envpass", b.password());
        assertNull(a.authKey());

        SideConnectionOptions.To missing = new SideConnectionOptions.To(k -> null);
        io.rethinkmigrate.error.MigrateException e = org.junit.jupiter.api.Assertions.assertThrows(
                io.rethinkmigrate.error.MigrateException.class, missing::toConnectOptions);
        assertTrue(e.getMessage().contains("--to HOST:PORT is required"), e.getMessage());
    }

    @CommandLine.Command(name = "sides")
    static final class Sides {
        @CommandLine.Mixin
        SideConnectionOptions.From from;

        @CommandLine.Mixin
        SideConnectionOptions.To to;
    }
}
