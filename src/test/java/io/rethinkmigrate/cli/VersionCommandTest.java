package io.rethinkmigrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rethinkmigrate.testsupport.Fixtures;
import io.rethinkmigrate.testsupport.RecordedServer;
import io.rethinkmigrate.testsupport.ServerSession;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** `rethink-migrate --version` and `rethink-migrate version [connection options]`, in process. */
@Timeout(60)
class VersionCommandTest {
    record Outcome(int code, String out, String err) {
    }

    /** Main.run with an injected environment, stdout and stderr captured. */
    static Outcome run(Map<String, String> env, String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.run(env::get, args);
            return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void versionOptionNamesTheTool() {
        for (String[] args : new String[][] {{"--version"}, {"-V"}, {"dump", "--version"}, {"restore", "--version"}, {"version"}}) {
            Outcome o = run(Map.of(), args);
            assertEquals(0, o.code(), String.join(" ", args) + ": " + o.err());
            assertEquals(Version.text() + "\n", o.out().replace("\r\n", "\n"), String.join(" ", args));
            assertTrue(o.out().startsWith("rethink-migrate "), o.out());
        }
    }

    @Test
    void versionWithoutConnectionOptionsDoesNotConnectEvenWithVariablesSet() throws IOException {
        Outcome o = run(Map.of("RETHINKDB_HOST", "127.0.0.1", "RETHINKDB_PORT", String.valueOf(closedPort())), "version");
        assertEquals(0, o.code(), o.err());
        assertEquals("", o.err());
    }

    @Test
    void versionAgainstARealServerShowsItsVersionNameAndId() throws IOException {
        try (RecordedServer server = RecordedServer.start()) {
            Outcome o = run(Map.of(), "version", "-c", server.endpoint().toString());
            assertEquals(0, o.code(), o.err());
            JsonNode info = Fixtures.answer("SERVER_INFO").get("frames").get(0).get("r").get(0);
            assertEquals(Version.text() + "\n"
                    + "server " + server.endpoint() + ": RethinkDB " + ServerSession.SERVER_VERSION + "\n"
                    + "server name " + info.get("name").asText() + ", id " + info.get("id").asText() + "\n",
                    o.out().replace("\r\n", "\n"));
            assertEquals("", o.err());
        }
    }

    @Test
    void versionAgainstADeadPortIsConnectionError() throws IOException {
        int port = closedPort();
        Outcome o = run(Map.of(), "version", "-c", "127.0.0.1:" + port);
        assertEquals(3, o.code(), o.err());
        assertTrue(o.out().startsWith(Version.text()), "the tool's version is printed anyway: " + o.out());
        assertTrue(o.err().startsWith("error: cannot connect to 127.0.0.1:" + port), o.err());
        assertEquals(1, o.err().strip().lines().count(), "one line: " + o.err());
    }

    @Test
    void serverOptionConnectsToTheServerOfTheEnvironment() throws IOException {
        int port = closedPort();
        Outcome o = run(Map.of("RETHINKDB_HOST", "127.0.0.1", "RETHINKDB_PORT", String.valueOf(port)), "version", "--server");
        assertEquals(3, o.code(), o.err());
        assertTrue(o.err().contains("127.0.0.1:" + port), o.err());
    }

    @Test
    void versionHelpExplainsWhenItConnects() {
        Outcome o = run(Map.of(), "version", "--help");
        assertEquals(0, o.code());
        assertTrue(o.out().contains("--server") && o.out().contains("server version unknown (the server did not say)"), o.out());
    }
}
