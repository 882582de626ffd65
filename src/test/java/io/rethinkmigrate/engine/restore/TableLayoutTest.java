package io.rethinkmigrate.engine.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rethinkmigrate.archive.meta.TableSettings;
import io.rethinkmigrate.json.Json;
import io.rethinkmigrate.model.TableId;
import io.rethinkmigrate.testsupport.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where a restored table's shards and replicas go, from the recorded config of shop.orders (2 shards on vm_b1b). */
class TableLayoutTest {
    private static final TableId ORDERS = new TableId("shop", "orders");

    private static TableSettings orders() {
        return TableSettings.of("order_no", Fixtures.answer("config shop.orders").get("frames").get(0).get("r").get(0), null, null);
    }

    /** The same config with three voting replicas and a non-voting one per shard. */
    private static TableSettings wide() {
        JsonNode config = Json.parse(Json.write(orders().config()).replace("\"nonvoting_replicas\":[]", "\"nonvoting_replicas\":[\"d\"]")
                .replace("\"replicas\":[\"vm_b1b\"]", "\"replicas\":[\"vm_b1b\",\"b\",\"c\"]"));
        return TableSettings.of("order_no", config, null, null);
    }

    @Test
    void savedCountsOnATargetThatHoldsThem() {
        TableLayout l = TableLayout.plan(ORDERS, RestoreOptions.defaults(), orders(), () -> List.of("other"));
        assertEquals(2, l.shards());
        assertEquals(1, l.replicas());
        assertNull(l.exactShards(), "one server: the counts say it all");
        assertEquals(List.of(), l.warnings());
    }

    @Test
    void theSavedAssignmentWhenTheTargetHasItsServers() {
        TableLayout l = TableLayout.plan(ORDERS, RestoreOptions.defaults(), wide(), () -> List.of("vm_b1b", "b", "c", "d"));
        assertEquals(4, l.replicas(), "voting and non-voting replicas");
        assertEquals(wide().config().get("shards"), l.exactShards());
        assertEquals(List.of(), l.warnings());
    }

    @Test
    void fewerServersFallBackToWhatTheTargetHoldsWithWarnings() {
        TableLayout l = TableLayout.plan(ORDERS, RestoreOptions.defaults(), wide(), () -> List.of("x", "y"));
        assertEquals(2, l.shards());
        assertEquals(2, l.replicas());
        assertNull(l.exactShards());
        assertEquals(2, l.warnings().size(), String.valueOf(l.warnings()));
        assertEquals("shop.orders: 4 replicas per shard saved, but the target has only 2 servers: created with 2", l.warnings().get(0));
        assertTrue(l.warnings().get(1).startsWith("shop.orders: the saved non-voting replicas (on servers vm_b1b, b, c, d) cannot be placed"),
                l.warnings().get(1));
    }

    @Test
    void optionsWinAndNoConfigIgnoresTheArchive() {
        RestoreOptions asked = RestoreOptions.builder().sharding(3, 2).build();
        TableLayout l = TableLayout.plan(ORDERS, asked, wide(), () -> List.of("vm_b1b", "b", "c", "d"));
        assertEquals(3, l.shards());
        assertEquals(2, l.replicas());
        assertNull(l.exactShards(), "--shards/--replicas override the saved assignment");
        TableLayout none = TableLayout.plan(ORDERS, RestoreOptions.builder().config(false).build(), wide(), () -> {
            throw new AssertionError("no server query without counts");
        });
        assertNull(none.shards());
        assertNull(none.replicas());
        TableLayout official = TableLayout.plan(ORDERS, RestoreOptions.defaults(), null, () -> {
            throw new AssertionError("no server query for an official archive");
        });
        assertNull(official.shards());
    }
}
