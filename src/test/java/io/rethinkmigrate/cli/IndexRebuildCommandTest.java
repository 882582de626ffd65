package io.rethinkmigrate.cli;

import static io.rethinkmigrate.cli.InProcessCli.closedPort;
import static io.rethinkmigrate.cli.InProcessCli.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rethinkmigrate.engine.index.IndexRebuilder;
import io.rethinkmigrate.json.Json;
import io.rethinkmigrate.testsupport.Fixtures;
import io.rethinkmigrate.testsupport.RecordedServer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * `index-rebuild` on the command line, against the real server's recorded answers: the summary, the exit
 * codes (0 done, 7 an index kept as it was, 2 bad options, 3 no server) and the one-line errors.
 */
@Timeout(120)
class IndexRebuildCommandTest {
    private static final String TABLE = "[15,[[14,[\"shop\"]],\"orders\"]]";
    private static final String TEMP = IndexRebuilder.TEMP_PREFIX + "placed_at";

    /** shop.orders with placed_at outdated; the rebuild answered, its wait failing when asked. */
    private static RecordedServer server(boolean waitFails) throws Exception {
        JsonNode recorded = Fixtures.answer("index_status shop.orders (raw)");
        ArrayNode statuses = (ArrayNode) recorded.get("frames").get(0).get("r").get(0).deepCopy();
        JsonNode blob = null;
        for (JsonNode status : statuses) {
            boolean outdated = status.get("index").asText().equals("placed_at");
            ((ObjectNode) status).put("outdated", outdated);
            if (outdated) {
                ObjectNode joined = status.get("function").deepCopy();
                joined.put("data", joined.get("data").asText().replaceAll("\\s", ""));
                blob = joined;
            }
        }
        RecordedServer server = RecordedServer.start();
        server.answer("[1,[59,[]],{}]", List.of(RecordedServer.atom("[\"rethinkdb\",\"shop\"]")));
        server.answer("[1,[62,[[14,[\"shop\"]]]],{}]", List.of(RecordedServer.atom("[\"orders\"]")));
        server.answer(Json.write(recorded.get("query")), List.of(RecordedServer.atom(statuses)));
        server.answer("[1,[75,[" + TABLE + ",\"" + TEMP + "\"," + Json.write(blob) + "]],{}]",
                List.of(RecordedServer.atom("{\"created\":1}")));
        ObjectNode failed = Fixtures.answer("error: index exists").get("frames").get(0).deepCopy();
        failed.putArray("r").add("Index `" + TEMP + "` on table `shop.orders` was dropped.");
        server.answer("[1,[140,[" + TABLE + ",\"" + TEMP + "\"]],{}]",
                List.of(waitFails ? failed : RecordedServer.atom(statuses)));
        server.answer("[1,[156,[" + TABLE + ",\"" + TEMP + "\",\"placed_at\"],{\"overwrite\":true}],{}]",
                List.of(RecordedServer.atom("{\"renamed\":1}")));
        server.answer("[1,[76,[" + TABLE + ",\"" + TEMP + "\"]],{}]", List.of(RecordedServer.atom("{\"dropped\":1}")));
        return server;
    }

    @Test
    void rebuildsTheOutdatedIndexAndSummarizes() throws Exception {
        try (RecordedServer server = server(false)) {
            InProcessCli.Outcome o = run("index-rebuild", "-c", server.endpoint().toString(), "-r", "shop",
                    "--progress", "none");
            server.assertAllAnswered();
            assertEquals(0, o.code(), o.err());
            assertTrue(o.err().contains("Index rebuild complete"), o.err());
            assertTrue(o.err().matches("(?s).*shop\\.orders\\s+done\\s.*"), o.err());
            assertTrue(server.queries().stream().anyMatch(q -> q.startsWith("[1,[156,")), "renamed over the old index");
        }
    }

    @Test
    void aFailedRebuildExitsSevenNamingTheIndexKept() throws Exception {
        try (RecordedServer server = server(true)) {
            InProcessCli.Outcome o = run("index-rebuild", "-c", server.endpoint().toString(), "--progress", "none");
            server.assertAllAnswered();
            assertEquals(7, o.code(), o.err());
            assertTrue(o.err().contains("INCOMPLETE shop.orders: index `placed_at` of shop.orders was not rebuilt "
                    + "(the old index is kept)"), o.err());
            assertFalse(server.queries().stream().anyMatch(q -> q.startsWith("[1,[156,")), "not renamed");
        }
    }

    @Test
    void badOptionsAndAMissingServerAreOneLineErrorsWithTheirExitCodes() throws Exception {
        InProcessCli.Outcome zero = run("index-rebuild", "-n", "0", "-c", "127.0.0.1:" + closedPort());
        assertEquals(2, zero.code(), zero.err());
        assertTrue(zero.err().startsWith("error: -n 0"), zero.err());

        InProcessCli.Outcome refused = run("index-rebuild", "-q", "-c", "127.0.0.1:" + closedPort());
        assertEquals(3, refused.code(), refused.err());
        assertEquals(1, refused.err().strip().lines().count(), refused.err());

        try (RecordedServer server = server(false)) {
            InProcessCli.Outcome missing = run("index-rebuild", "-c", server.endpoint().toString(), "-r", "nope");
            assertEquals(2, missing.code(), missing.err());
            assertTrue(missing.err().contains("database `nope` does not exist"), missing.err());
        }
    }
}
