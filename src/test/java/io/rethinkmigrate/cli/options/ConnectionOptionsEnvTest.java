package io.rethinkmigrate.cli.options;

import io.rethinkmigrate.cli.InProcessCli;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;
import io.rethinkmigrate.testsupport.RecordedServer;
import io.rethinkmigrate.wire.Endpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the connection settings come from: options > RETHINKDB_HOST/PORT/USER/PASSWORD >
 * RETHINKDB_HOSTNAME/DRIVER_PORT (the official tools' names) > defaults. The environment is injected;
 * the real one is never read or changed.
 */
@Timeout(60)
class ConnectionOptionsEnvTest {
    private static final Map<String, String> OFFICIAL = Map.of("RETHINKDB_HOSTNAME", "official-host", "RETHINKDB_DRIVER_PORT", "1111");

    @TempDir
    Path dir;

    private static ConnectionOptions options(Map<String, String> env) {
        return new ConnectionOptions(env::get);
    }

    private static Map<String, String> env(Map<String, String> base, String... pairs) {
        Map<String, String> m = new HashMap<>(base);
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }

    @Test
    void defaultsWithoutVariablesOrOptions() {
        ConnectionOptions o = options(Map.of());
        assertEquals(new Endpoint("localhost", 28015), o.endpoint());
        assertEquals("admin", o.userName());
        assertNull(o.password());
        assertFalse(o.anyGiven());
    }

    @Test
    void officialVariablesAreUsedWhenOursAreUnset() {
        assertEquals(new Endpoint("official-host", 1111), options(OFFICIAL).endpoint());
    }

    @Test
    void ourVariablesBeatTheOfficialOnes() {
        Map<String, String> env = env(OFFICIAL, "RETHINKDB_HOST", "our-host", "RETHINKDB_PORT", "2222");
        assertEquals(new Endpoint("our-host", 2222), options(env).endpoint());
        // each setting on its own: our host with the official port, and the other way round
        assertEquals(new Endpoint("our-host", 1111), options(env(OFFICIAL, "RETHINKDB_HOST", "our-host")).endpoint());
        assertEquals(new Endpoint("official-host", 2222), options(env(OFFICIAL, "RETHINKDB_PORT", "2222")).endpoint());
    }

    @Test
    void emptyVariablesCountAsUnset() {
        Map<String, String> env = env(OFFICIAL, "RETHINKDB_HOST", "", "RETHINKDB_PORT", "", "RETHINKDB_USER", "", "RETHINKDB_PASSWORD", "");
        assertEquals(new Endpoint("official-host", 1111), options(env).endpoint());
        assertEquals("admin", options(env).userName());
        assertNull(options(env).password());
    }

    @Test
    void optionsBeatEveryVariable() {
        Map<String, String> env = env(OFFICIAL, "RETHINKDB_HOST", "our-host", "RETHINKDB_PORT", "2222", "RETHINKDB_USER", "envuser");
        ConnectionOptions o = options(env);
        o.hostName = "option-host";
        o.driverPort = 3333;
        o.user = "optuser";
        assertEquals(new Endpoint("option-host", 3333), o.endpoint());
        assertEquals("optuser", o.userName());
        assertTrue(o.anyGiven());

        ConnectionOptions c = options(env);
        c.connect = "connect-host:4444";
        c.hostName = "option-host";
        c.driverPort = 3333;
        assertEquals(new Endpoint("connect-host", 4444), c.endpoint(), "-c beats --host-name/--driver-port");

        ConnectionOptions hostOnly = options(env);
        hostOnly.connect = "connect-host";
        assertEquals(new Endpoint("connect-host", 2222), hostOnly.endpoint(), "-c HOST takes the port from RETHINKDB_PORT");
        hostOnly.driverPort = 3333;
        assertEquals(new Endpoint("connect-host", 3333), hostOnly.endpoint(), "-c HOST takes the port from --driver-port");
    }

    @Test
    void userFromTheEnvironment() {
        assertEquals("envuser", options(Map.of("RETHINKDB_USER", "envuser")).userName());
    }

    @Test
    void badPortVariableIsUsageErrorNamingIt() {
        MigrateException e = assertThrows(MigrateException.class,
                () -> options(env(OFFICIAL, "RETHINKDB_PORT", "tcp://172.17.0.2:28015")).endpoint());
        assertEquals(ErrorKind.USAGE, e.kind());
        assertTrue(e.getMessage().startsWith("RETHINKDB_PORT tcp://172.17.0.2:28015: not a port number"), e.getMessage());
        e = assertThrows(MigrateException.class, () -> options(Map.of("RETHINKDB_DRIVER_PORT", "70000")).endpoint());
        assertTrue(e.getMessage().startsWith("RETHINKDB_DRIVER_PORT 70000: not a port number"), e.getMessage());
    }

    @Test
    void portGivenOnTheCommandLineMakesABadPortVariableIrrelevant() {
        ConnectionOptions c = options(Map.of("RETHINKDB_PORT", "tcp://172.17.0.2:28015"));
        c.connect = "host:5555";
        assertEquals(new Endpoint("host", 5555), c.endpoint());
        ConnectionOptions d = options(Map.of("RETHINKDB_PORT", "tcp://172.17.0.2:28015"));
        d.driverPort = 5556;
        assertEquals(new Endpoint("localhost", 5556), d.endpoint());
    }

    @Test
    void passwordFromTheEnvironmentUnderThePasswordFile() throws IOException {
        ConnectionOptions o = options(Map.of("RETHINKDB_PASSWORD", "env-secret"));
        assertEquals("env-secret", o.password());
        assertEquals("env-secret", o.toConnectOptions().password());
        assertFalse(o.toConnectOptions().toString().contains("env-secret"), "never shown");

        ConnectionOptions f = options(Map.of("RETHINKDB_PASSWORD", "env-secret"));
        f.passwordFile = Files.writeString(dir.resolve("pass"), "file-secret\n");
        assertEquals("file-secret", f.password());
    }

    // ------------------------------------------------------------- end to end, through Main.run

    @Test
    void variablesReachTheServerAndThePasswordIsNeverPrinted() throws IOException {
        try (RecordedServer server = RecordedServer.start()) {
            server.user("admin", "s3cret-Pa55");
            Map<String, String> env = Map.of("RETHINKDB_HOST", "127.0.0.1",
                    "RETHINKDB_PORT", String.valueOf(server.endpoint().port()),
                    "RETHINKDB_HOSTNAME", "no-such-host.invalid", "RETHINKDB_DRIVER_PORT", "1",
                    "RETHINKDB_PASSWORD", "s3cret-Pa55");
            InProcessCli.Outcome ok = InProcessCli.run(env, "version", "--server", "--debug");
            assertEquals(0, ok.code(), ok.err());
            assertTrue(ok.out().contains("server " + server.endpoint() + ": RethinkDB "), ok.out());
            assertFalse((ok.out() + ok.err()).contains("s3cret"), ok.out() + ok.err());

            Map<String, String> wrong = new HashMap<>(env);
            wrong.put("RETHINKDB_PASSWORD", "wr0ng-Pa55");
            InProcessCli.Outcome refused = InProcessCli.run(wrong, "version", "--server", "--debug");
            assertEquals(4, refused.code(), refused.err());
            assertFalse((refused.out() + refused.err()).contains("wr0ng"), refused.err());

            // an explicit --password-file beats RETHINKDB_PASSWORD
            Path file = Files.writeString(dir.resolve("pass"), "s3cret-Pa55\n");
            InProcessCli.Outcome fromFile = InProcessCli.run(wrong, "version", "--password-file", file.toString(),
                    "-c", server.endpoint().toString());
            assertEquals(0, fromFile.code(), fromFile.err());
        }
    }

    @Test
    void helpDocumentsTheVariablesAndTheirOrder() {
        InProcessCli.Outcome o = InProcessCli.run(Map.of(), "dump", "--help");
        assertEquals(0, o.code());
        for (String v : new String[] {"RETHINKDB_HOST", "RETHINKDB_HOSTNAME", "RETHINKDB_PORT", "RETHINKDB_DRIVER_PORT",
                "RETHINKDB_USER", "RETHINKDB_PASSWORD"}) {
            assertTrue(o.out().contains(v), v + " missing in:\n" + o.out());
        }
        assertTrue(o.out().contains("Precedence: options > RETHINKDB_HOST/PORT > RETHINKDB_HOSTNAME/DRIVER_PORT > defaults"), o.out());
    }
}
