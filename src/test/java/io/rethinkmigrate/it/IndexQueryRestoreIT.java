package io.rethinkmigrate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rethinkmigrate.json.Json;
import io.rethinkmigrate.model.TableId;
import io.rethinkmigrate.testsupport.ArchiveContents;
import io.rethinkmigrate.testsupport.Fixtures;
import io.rethinkmigrate.testsupport.SampleDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The official archive's indexes (function, compound, multi, geo) come back on the server and find the
 * documents. reqlite cannot read a real server's function blobs (as an older server cannot read a newer
 * one's, rethinkdb #5646), so there every index is rebuilt from its query text; a real server takes the
 * blobs. Lookups go through the official JS driver ({@code scripts/js-index-query.js}), and the expected
 * documents are computed from the archive's own documents.
 */
class IndexQueryRestoreIT {
    @RegisterExtension
    static final SampleDatabase sample = SampleDatabase.officialShop("idxq", "customers", "orders");

    private static ArchiveContents fixture;

    @BeforeAll
    static void readFixture() throws Exception {
        fixture = ArchiveContents.read(Fixtures.officialDump());
    }

    @Test
    void everyIndexIsRecreatedAndNoneIsReportedLost() {
        assertFalse(sample.restore().stderr().contains("was not recreated"), sample.restore().describe());
        if (sample.server().isReqlite()) {
            // reqlite has no write hooks: shop.customers is incomplete for that reason alone
            assertEquals(7, sample.restore().exitCode(), sample.restore().describe());
            assertTrue(sample.restore().stderr().contains("write hook of " + sample.db() + ".customers was not restored"), sample.restore().describe());
            assertTrue(sample.restore().stderr().contains("index `item_skus` of " + sample.db() + ".orders was rebuilt from its query text"),
                    sample.restore().describe());
        } else {
            assertEquals(0, sample.restore().exitCode(), sample.restore().describe());
        }
        assertEquals(List.of("city_zip", "email", "location", "name_lower", "tags"), sample.js().indexes(sample.db(), "customers"));
        assertEquals(List.of("customer_id", "item_skus", "placed_at"), sample.js().indexes(sample.db(), "orders"));
    }

    @Test
    void theMultiFunctionIndexFindsEveryOrderWithTheSku() {
        List<JsonNode> orders = documents("orders");
        String sku = orders.get(0).get("items").get(0).get("sku").asText();
        assertEquals(JsIndexQuery.ordersWithSku(orders, sku), getAll("orders", "item_skus", Json.write(Json.mapper().valueToTree(sku))));
    }

    @Test
    void theCompoundIndexFindsTheCustomersOfACityAndZip() {
        List<JsonNode> customers = documents("customers");
        JsonNode address = customers.get(0).get("address");
        TreeSet<String> expected = new TreeSet<>();
        for (JsonNode c : customers) {
            if (c.path("address").path("city").equals(address.get("city")) && c.path("address").path("zip").equals(address.get("zip"))) {
                expected.add(Json.write(c.get("id")));
            }
        }
        String key = "[" + Json.write(address.get("city")) + "," + Json.write(address.get("zip")) + "]";
        assertEquals(new ArrayList<>(expected), getAll("customers", "city_zip", key));
    }

    @Test
    void theDowncaseAndMultiFieldIndexesFindTheirCustomer() {
        JsonNode first = documents("customers").get(0);
        // the key is lower-cased by the server itself, so the test does not assume how it lower-cases
        assertTrue(getAll("customers", "name_lower", Json.write(first.get("name")), "--downcase")
                .contains(Json.write(first.get("id"))), "name_lower finds " + first.get("id"));
        String tag = first.get("tags").get(0).asText();
        TreeSet<String> expected = new TreeSet<>();
        for (JsonNode c : documents("customers")) {
            for (JsonNode t : c.path("tags")) {
                if (t.asText().equals(tag)) {
                    expected.add(Json.write(c.get("id")));
                }
            }
        }
        assertEquals(new ArrayList<>(expected), getAll("customers", "tags", Json.write(first.get("tags").get(0))));
    }

    private static List<JsonNode> documents(String table) {
        return fixture.documents().get(new TableId("shop", table)).stream().map(Json::parse).toList();
    }

    private static List<String> getAll(String table, String index, String keyJson, String... flags) {
        return JsIndexQuery.getAll(sample.server(), sample.db(), table, index, keyJson, flags);
    }
}
