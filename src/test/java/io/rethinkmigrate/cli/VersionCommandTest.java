package io.rethinkmigrate.cli;

import static io.rethinkmigrate.cli.InProcessCli.run;
import static io.rethinkmigrate.cli.InProcessCli.closedPort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rethinkmigrate.testsupport.Fixtures;
import io.rethinkmigrate.testsupport.RecordedServer;
import io.rethinkmigrate.testsupport.ServerSession;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** `rethink-migrate --version` and `rethink-migrate version [connection options]`, in process. */
@Timeout(60)
class VersionCommandTest {
    @Test
    void versionOptionNamesTheTool() {
        for (String[] args : new String[][] {{"--version"}, {"-V"}, {"dump", "--version"}, {"restore", "--version"}, {"version"}}) {
            InProcessCli.Outcome o = run(Map.of(), args);
            assertEquals(0, o.code(), String.join(" ", args) + ": " + o.err());
            assertEquals(Version.text() + "\n", o.out().replace("\r\n", "\n"), String.join(" ", args));
            assertTrue(o.out().startsWith("rethink-migrate "), o.out());
        }
    }

    @Test
    void versionWithoutConnectionOptionsDoesNotConnectEvenWithVariablesSet() throws IOException {
        InProcessCli.Outcome o = run(Map.of("RETHINKDB_HOST", "127.0.0.1", "RETHINKDB_PORT", String.valueOf(closedPort())), "version");
        assertEquals(0, o.code(), o.err());
        assertEquals("", o.err());
    }

    @Test
    void versionAgainstARealServerShowsItsVersionNameAndId() throws IOException {
        try (RecordedServer server = RecordedServer.start()) {
            InProcessCli.Outcome o = run(Map.of(), "version", "-c", server.endpoint().toString());
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
        InProcessCli.Outcome o = run(Map.of(), "version", "-c", "127.0.0.1:" + port);
        assertEquals(3, o.code(), o.err());
        assertTrue(o.out().startsWith(Version.text()), "the tool's version is printed anyway: " + o.out());
        assertTrue(o.err().startsWith("error: cannot connect to 127.0.0.1:" + port), o.err());
        assertEquals(1, o.err().strip().lines().count(), "one line: " + o.err());
    }

    @Test
    void serverOptionConnectsToTheServerOfTheEnvironment() throws IOException {
        int port = closedPort();
        InProcessCli.Outcome o = run(Map.of("RETHINKDB_HOST", "127.0.0.1", "RETHINKDB_PORT", String.valueOf(port)), "version", "--server");
        assertEquals(3, o.code(), o.err());
        assertTrue(o.err().contains("127.0.0.1:" + port), o.err());
    }

    @Test
    void versionHelpExplainsWhenItConnects() {
        InProcessCli.Outcome o = run(Map.of(), "version", "--help");
        assertEquals(0, o.code());
        assertTrue(o.out().contains("--server") && o.out().contains("server version unknown (the server did not say)"), o.out());
    }
}
