package io.rethinkmigrate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rethinkmigrate.testsupport.JsDriver;
import io.rethinkmigrate.testsupport.ProcessRunner;
import io.rethinkmigrate.testsupport.RepoPaths;
import io.rethinkmigrate.testsupport.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads through a secondary index with the official JS driver ({@code scripts/js-index-query.js}). */
final class JsIndexQuery {
    private JsIndexQuery() {
    }

    /** Primary keys (JSON, sorted) of {@code getAll(key, {index})}; {@code --downcase} lower-cases the key on the server. */
    static List<String> getAll(TestServer server, String db, String table, String index, String keyJson, String... flags) {
        String node = System.getenv("NODE");
        List<String> command = new ArrayList<>(List.of(node == null || node.isBlank() ? "node" : node,
                RepoPaths.scripts().resolve("js-index-query.js").toString(), server.address(), db, table, index, keyJson));
        command.addAll(List.of(flags));
        ProcessRunner.Outcome o = ProcessRunner.run(command, RepoPaths.root(),
                Map.of(TestServer.ENV_PASSWORD, server.password() == null ? "" : server.password()), null, JsDriver.TIMEOUT);
        assertEquals(0, o.exitCode(), "js-index-query.js " + index + ": " + o.stderrText());
        return o.stdoutText().lines().filter(l -> !l.isEmpty()).toList();
    }
}
