package io.rethinkmigrate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rethinkmigrate.json.Json;
import io.rethinkmigrate.model.TableId;
import io.rethinkmigrate.testsupport.ArchiveContents;
import io.rethinkmigrate.testsupport.CliResult;
import io.rethinkmigrate.testsupport.CliRunner;
import io.rethinkmigrate.testsupport.Fixtures;
import io.rethinkmigrate.testsupport.SampleDatabase;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * `index-rebuild` on a live server, on shop.orders of the official archive (restored under another
 * name). A real server rebuilds every index with --force (temporary index from the index's own blob,
 * wait, rename over the old one) and the indexes still find their documents. reqlite gives no function
 * blob and no query text in index_status, so nothing can be rebuilt there: each index must be reported
 * and kept as it was, still working, with no temporary index left.
 */
class IndexRebuildIT {
    @RegisterExtension
    static final SampleDatabase sample = SampleDatabase.officialShop("idxrb", "orders");

    private static final List<String> INDEXES = List.of("customer_id", "item_skus", "placed_at");

    @BeforeAll
    static void ordersRestored() {
        assertEquals(0, sample.restore().exitCode(), sample.restore().describe());
        assertEquals(INDEXES, sample.js().indexes(sample.db(), "orders"));
    }

    @Test
    void withoutForceNothingFreshIsRebuilt() {
        CliResult o = new CliRunner().run(sample.withServer("index-rebuild", "-r", sample.db(), "--progress", "none"));
        assertEquals(0, o.exitCode(), o.describe());
        assertTrue(o.stderr().contains("No outdated index"), o.describe());
        assertEquals(INDEXES, sample.js().indexes(sample.db(), "orders"));
    }

    @Test
    void forceRebuildsEveryIndexOrKeepsItWhenItCannot() throws Exception {
        CliResult o = new CliRunner().timeout(Duration.ofMinutes(5))
                .run(sample.withServer("index-rebuild", "--force", "-r", sample.db() + ".orders", "-n", "2", "--progress", "none"));
        if (sample.server().isReqlite()) {
            assertEquals(7, o.exitCode(), o.describe());
            for (String index : INDEXES) {
                assertTrue(o.stderr().contains("index `" + index + "` of " + sample.db() + ".orders was not rebuilt (the old index is kept): "
                        + "its index_status has no function blob for it and no query text"), o.describe());
            }
        } else {
            assertEquals(0, o.exitCode(), o.describe());
            assertTrue(o.stderr().matches("(?s).*" + sample.db() + "\\.orders\\s+done\\s.*"), o.describe());
        }
        assertEquals(INDEXES, sample.js().indexes(sample.db(), "orders"), "the same indexes, no temporary one left");
        // and the multi function index still finds every order with a SKU
        List<JsonNode> orders = ArchiveContents.read(Fixtures.officialDump()).documents().get(new TableId("shop", "orders"))
                .stream().map(Json::parse).toList();
        String sku = orders.get(0).get("items").get(0).get("sku").asText();
        assertEquals(JsIndexQuery.ordersWithSku(orders, sku), JsIndexQuery.getAll(sample.server(), sample.db(), "orders", "item_skus", Json.write(Json.mapper().valueToTree(sku))));
    }
}
