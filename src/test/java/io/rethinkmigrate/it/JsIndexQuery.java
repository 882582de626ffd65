package io.rethinkmigrate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.rethinkmigrate.json.Json;
import io.rethinkmigrate.testsupport.JsDriver;
import io.rethinkmigrate.testsupport.ProcessRunner;
import io.rethinkmigrate.testsupport.RepoPaths;
import io.rethinkmigrate.testsupport.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

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

    /** The order numbers (JSON, sorted) of the orders with an item of {@code sku}: what index item_skus must find. */
    static List<String> ordersWithSku(List<JsonNode> orders, String sku) {
        TreeSet<String> keys = new TreeSet<>();
        for (JsonNode order : orders) {
            for (JsonNode item : order.path("items")) {
                if (item.path("sku").asText().equals(sku)) {
                    keys.add(Json.write(order.get("order_no")));
                }
            }
        }
        return List.copyOf(keys);
    }
}
