package io.rethinkmigrate.engine.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rethinkmigrate.archive.meta.TableInfo;
import io.rethinkmigrate.engine.restore.RecordedRestoreSupport;
import io.rethinkmigrate.json.Json;
import io.rethinkmigrate.model.TableId;
import io.rethinkmigrate.testsupport.Fixtures;
import io.rethinkmigrate.testsupport.RecordedServer;
import io.rethinkmigrate.wire.Connection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Our dump's `.info` from the real server's recorded answers equals the official tool's `.info` in its
 * dump of the same server: raw index_status (blobs with the server's MIME line breaks, query texts) and
 * the raw write hook, everything else of `info()` untouched.
 */
@Timeout(60)
class TableMetadataRecordedTest {
    private static final TableId CUSTOMERS = new TableId("shop", "customers");
    private static final TableId ORDERS = new TableId("shop", "orders");

    private static String recordedQuery(String name) {
        return Json.write(Fixtures.answer(name).get("query"));
    }

    @Test
    void customersInfoIsTheOfficialOne() throws Exception {
        Map<TableId, TableInfo> official = RecordedRestoreSupport.officialInfos();
        try (RecordedServer server = RecordedServer.start(); Connection c = Connection.open(server.options())) {
            TableInfo ours = TableMetadata.read(c, CUSTOMERS);
            server.assertAllAnswered();
            // the very queries the recording holds, byte for byte (global optargs included)
            assertEquals(List.of(recordedQuery("info shop.customers"), recordedQuery("index_status shop.customers (raw)"),
                    recordedQuery("get_write_hook shop.customers (raw)")), server.queries());
            // doc_count_estimates ([483]) happen to be the same in the recording and in the dump: no exception
            assertEquals(official.get(CUSTOMERS).raw(), ours.raw());
            assertEquals(5, ours.indexes().size());
            assertTrue(ours.indexes().stream().allMatch(i -> i.hasFunctionBlob() && i.query() != null));
            assertTrue(ours.raw().get("indexes").get(0).get("function").get("data").asText().contains("\r\n"),
                    "blobs stay as the server sent them (MIME lines), as the official tool writes them");
            assertNotNull(ours.writeHook());
            assertTrue(ours.writeHook().get("query").asText().startsWith("setWriteHook(function("));
        }
    }

    @Test
    void ordersInfoIsTheOfficialOneWithANullWriteHook() throws Exception {
        Map<TableId, TableInfo> official = RecordedRestoreSupport.officialInfos();
        try (RecordedServer server = RecordedServer.start()) {
            // The recording has no info() of shop.orders, only its other answers: the info() answer is
            // rebuilt from them (db from the customers' info(), id/name/primary key/index names from
            // config(), doc_count_estimates from the recorded doc_count_estimates query) and registered
            // for the query the recording uses for customers, with the table name changed.
            String infoQuery = recordedQuery("info shop.customers").replace("\"customers\"", "\"orders\"");
            server.answer(infoQuery, List.of(RecordedServer.atom(recordedOrdersInfo())));
            try (Connection c = Connection.open(server.options())) {
                TableInfo ours = TableMetadata.read(c, ORDERS);
                server.assertAllAnswered();
                assertEquals(List.of(infoQuery, recordedQuery("index_status shop.orders (raw)"),
                        recordedQuery("get_write_hook shop.orders (no hook)")), server.queries());
                assertEquals(official.get(ORDERS).raw(), ours.raw());
                assertTrue(ours.raw().get("write_hook").isNull(), "write_hook: null, present as in the official .info");
                assertEquals(List.of("customer_id", "item_skus", "placed_at"),
                        ours.indexes().stream().map(i -> i.name()).sorted().toList());
            }
        }
    }

    /** shop.orders' info() as the real server would answer it, from what the recording holds. */
    private static ObjectNode recordedOrdersInfo() {
        JsonNode customersInfo = Fixtures.answer("info shop.customers").get("frames").get(0).get("r").get(0);
        JsonNode config = Fixtures.answer("config shop.orders").get("frames").get(0).get("r").get(0);
        JsonNode estimates = Fixtures.answer("doc_count_estimates").get("frames").get(0).get("r").get(0);
        JsonNode dbConfig = Fixtures.answer("db config shop").get("frames").get(0).get("r").get(0);
        assertEquals(dbConfig.get("id"), customersInfo.get("db").get("id"), "same database");
        ObjectNode info = Json.mapper().createObjectNode();
        info.set("db", customersInfo.get("db"));
        info.set("doc_count_estimates", estimates);
        info.set("id", config.get("id"));
        info.set("indexes", config.get("indexes"));
        info.set("name", config.get("name"));
        info.set("primary_key", config.get("primary_key"));
        info.put("type", "TABLE");
        return info;
    }
}
