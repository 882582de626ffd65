package io.rethinkmigrate.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rethinkmigrate.json.Json;
import io.rethinkmigrate.json.RawJson;
import io.rethinkmigrate.testsupport.Fixtures;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TermTest {
    private static final Term SHOP = Term.db("shop");
    private static final Term ORDERS = SHOP.table("orders");
    private static final Term CUSTOMERS = SHOP.table("customers");
    private static final Term T_REC = Term.db("emptydb").table("t_rec");
    private static final GlobalOptions RAW = GlobalOptions.none().rawFormats();
    private static final GlobalOptions NONE = GlobalOptions.none();

    /** Recorded queries (exact JSON a client sent to the real server) and how we build them. */
    static Stream<Arguments> recordedQueries() {
        Map<String, Object> shards = new LinkedHashMap<>();
        shards.put("shards", 2);
        shards.put("replicas", 1);
        return Stream.of(
            Arguments.of("db_list", Term.dbList(), NONE),
            Arguments.of("table_list shop", SHOP.tableList(), NONE),
            Arguments.of("info shop.customers", CUSTOMERS.info(), RAW),
            Arguments.of("index_status shop.customers (raw)", CUSTOMERS.indexStatus(), RAW),
            Arguments.of("index_status shop.orders (raw)", ORDERS.indexStatus(), RAW),
            Arguments.of("get_write_hook shop.customers (raw)", CUSTOMERS.getWriteHook(), RAW),
            Arguments.of("config shop.orders", ORDERS.config(), NONE),
            Arguments.of("db config shop", SHOP.config(), NONE),
            Arguments.of("status shop.orders", ORDERS.status(), NONE),
            Arguments.of("rethinkdb.users", Term.db("rethinkdb").table("users"), RAW),
            Arguments.of("read 60 orders in batches of 25 (max_batch_rows)", ORDERS.orderBy("order_no").limit(60),
                    RAW.maxBatchRows(25)),
            Arguments.of("between pk with minval/maxval, left open",
                    ORDERS.between(Term.value(100010), Term.maxval(), Map.of("left_bound", "open"))
                            .orderBy("order_no").limit(3), RAW),
            Arguments.of("count", ORDERS.count(), NONE),
            Arguments.of("doc_count_estimates", ORDERS.info().bracket("doc_count_estimates"), NONE),
            Arguments.of("error: missing table", SHOP.table("nope"), NONE),
            Arguments.of("error: missing db", Term.db("nope").table("x"), NONE),
            Arguments.of("error: table exists", SHOP.tableCreate("orders"), NONE),
            Arguments.of("error: index exists", ORDERS.indexCreate("placed_at"), NONE),
            Arguments.of("error: unknown optarg",
                    ORDERS.insert(Term.datum(Json.mapper().createObjectNode()), Map.of("foo", 1)), NONE),
            Arguments.of("insert duplicate (conflict error)",
                    ORDERS.insert(Term.datum(Json.parse("{\"order_no\":100000}"))), NONE),
            Arguments.of("insert identical (conflict replace -> unchanged)",
                    SHOP.table("empty_table").insert(Term.datum(Json.parse("[{\"id\":1},{\"id\":1}]")),
                            Map.of("conflict", "replace")), NONE),
            Arguments.of("table_create with shards/replicas", Term.db("emptydb").tableCreate("t_rec", shards), NONE),
            Arguments.of("wait table", T_REC.waitReady(30), NONE),
            Arguments.of("index_create from blob of index_status (restore path)",
                    T_REC.indexCreate("copied", CUSTOMERS.indexStatus("name_lower").nth(0).bracket("function")), NONE),
            Arguments.of("set_write_hook from blob (restore path)",
                    T_REC.setWriteHook(CUSTOMERS.getWriteHook().bracket("function")), NONE),
            Arguments.of("table_drop", Term.db("emptydb").tableDrop("t_rec"), NONE),
            // Generic terms: a filter function (its argument list is a datum array -> MAKE_ARRAY)
            Arguments.of("read edge.weird raw", Term.of(TermType.FILTER, List.of(Term.db("edge").table("weird"),
                    Term.of(TermType.FUNC, List.of(Term.datum(Json.parse("[8]")),
                            Term.of(18 /* NE */, List.of(Term.of(TermType.VAR, List.of(Term.value(8)), null).bracket("id"),
                                    Term.value("vis-bigstring")), null)), null)), null), RAW),
            Arguments.of("changes include_initial (first frames)",
                    Term.of(TermType.CHANGES, List.of(SHOP.table("empty_table")),
                            Map.of("include_initial", Term.value(true))).limit(1), RAW));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recordedQueries")
    void buildsTheRecordedQuery(String fixture, Term term, GlobalOptions options) {
        JsonNode recorded = Fixtures.answer(fixture).get("query");
        String ours = QueryFrames.body(QueryFrames.start(1, term, options));
        assertEquals(Json.write(recorded), ours);
        assertEquals(recorded, Json.parse(ours));
    }

    @Test
    void controlQueriesMatchRecording() {
        assertEquals(Json.write(Fixtures.answer("SERVER_INFO").get("query")),
                QueryFrames.body(QueryFrames.control(7, Protocol.SERVER_INFO)));
        assertEquals("[2]", QueryFrames.body(QueryFrames.control(7, Protocol.CONTINUE)));
        assertEquals("[3]", QueryFrames.body(QueryFrames.control(7, Protocol.STOP)));
    }

    @Test
    void frameHeaderIsLittleEndianTokenAndLength() {
        FrameBuffer frame = QueryFrames.control(0x0102030405060708L, Protocol.CONTINUE);
        byte[] b = frame.array();
        assertEquals(15, frame.frameLength());
        assertEquals(8, b[0]);
        assertEquals(1, b[7]);
        assertEquals(3, b[8]);
        assertEquals(0, b[9] | b[10] | b[11]);
    }

    @Test
    void wrapsArraysAtEveryDepthAsMakeArray() {
        JsonNode doc = Json.parse("{\"a\":[1,[2,[]],{\"b\":[\"x\"]}],\"t\":{\"$reql_type$\":\"GEOMETRY\","
                + "\"coordinates\":[1.5,-2],\"type\":\"Point\"},\"n\":null,\"e\":{}}");
        assertEquals("{\"a\":[2,[1,[2,[2,[2,[]]]],{\"b\":[2,[\"x\"]]}]],\"t\":{\"$reql_type$\":\"GEOMETRY\","
                + "\"coordinates\":[2,[1.5,-2]],\"type\":\"Point\"},\"n\":null,\"e\":{}}", Term.datum(doc).toJson());
        assertEquals("[2,[]]", Term.datum(Json.parse("[]")).toJson());
    }

    @Test
    void keepsNumbersExactValues() {
        // Datums go through the shared Json tree (BigDecimal/BigInteger): values survive, -0.0 becomes 0.0
        // there (BigDecimal has no negative zero), which is why restore sends documents as r.json text.
        JsonNode doc = Json.parse("[5e-324,1.7976931348623157e308,9223372036854775808,0.1,-7]");
        JsonNode back = Json.parse(Term.datum(doc).toJson()).get(1);
        assertEquals(doc.toString(), back.toString());
        assertEquals("[98,[\"[-0.0,5e-324]\"]]", Term.json(RawJson.of("[-0.0,5e-324]")).toJson());
    }

    @Test
    void jsonTermEscapesUtf8BytesDirectly() {
        String text = "[{\"s\":\"a\\\"b\",\"u\":\"é密😀\",\"c\":\"\t\n\u0001\u001f\u007f\"}]";
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        String json = Term.json(RawJson.of(utf8)).toJson();
        String expected = "[98,[\"[{\\\"s\\\":\\\"a\\\\\\\"b\\\",\\\"u\\\":\\\"é密😀\\\","
                + "\\\"c\\\":\\\"\\u0009\\u000a\\u0001\\u001f\u007f\\\"}]\"]]";
        assertEquals(expected, json);
        // The server sees exactly our text once it unescapes the string argument.
        assertEquals(text, Json.parse(json).get(1).get(0).textValue());
        // Multibyte UTF-8 passes through unchanged (no \\u escapes, no re-encoding).
        assertTrue(contains(json.getBytes(StandardCharsets.UTF_8), "é密😀".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void jsonTermEscapesLongTextsMadeOfEscapesAcrossBufferGrowth() {
        // every byte escaped (6 bytes for a control, 2 for a quote): the buffer grows inside the escape loop
        StringBuilder sb = new StringBuilder("[\"");
        for (int i = 0; i < 200_000; i++) {
            sb.append(i % 3 == 0 ? '"' : i % 3 == 1 ? (char) (i % 32) : 'x');
        }
        String text = sb.append("\"]").toString();
        String json = Term.json(RawJson.of(text.getBytes(StandardCharsets.UTF_8))).toJson();
        assertEquals(text, Json.parse(json).get(1).get(0).textValue());
    }

    @Test
    void jsonTermUsesOnlyItsSliceAndNestsInAnInsert() {
        byte[] buffer = "xx[{\"id\":1}]yy".getBytes(StandardCharsets.UTF_8);
        Term insert = ORDERS.insert(Term.json(new RawJson(buffer, 2, 10)), Map.of("conflict", "error"));
        assertEquals("[1,[56,[[15,[[14,[\"shop\"]],\"orders\"]],[98,[\"[{\\\"id\\\":1}]\"]]],{\"conflict\":\"error\"}],"
                + "{\"durability\":\"soft\"}]", QueryFrames.body(QueryFrames.start(3, insert, NONE.durability("soft"))));
    }

    @Test
    void globalOptionsHelpers() {
        GlobalOptions o = NONE.rawFormats().readMode("outdated").maxBatchRows(10).maxBatchBytes(1L << 20)
                .durability("hard").with("profile", false).with("x", Json.parse("[1]"));
        assertEquals("[1,[59,[]],{\"time_format\":\"raw\",\"binary_format\":\"raw\",\"read_mode\":\"outdated\","
                + "\"max_batch_rows\":10,\"max_batch_bytes\":1048576,\"durability\":\"hard\",\"profile\":false,"
                + "\"x\":[2,[1]]}]", QueryFrames.body(QueryFrames.start(1, Term.dbList(), o)));
        assertEquals(0, NONE.values().size());
    }

    @Test
    void refusesQueriesOf128MiBBeforeTheyAreBuilt() {
        FrameBuffer small = new FrameBuffer(12, 100, 16);
        assertThrows(FrameBuffer.TooLargeException.class, () -> small.write(new byte[100], 0, 100));
        FrameBuffer exact = new FrameBuffer(12, 100, 16);
        exact.write(new byte[99], 0, 99);
        assertEquals(99, exact.bodyLength());
    }

    @Test
    void jsonTermSizeEstimateCoversTypicalDocumentsWithoutReadingThem() {
        // a batch of ordinary documents: its escaped form fits the estimate, so the buffer is sized once
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < 200; i++) {
            batch.append(i > 0 ? "," : "").append("{\"id\":\"4f1c2b7e-").append(i).append("\",\"name\":\"user ")
                    .append(i).append(" é密\",\"tags\":[\"a\",\"b\"],\"n\":").append(i * 7)
                    .append(",\"at\":{\"$reql_type$\":\"TIME\",\"epoch_time\":1.6e9,\"timezone\":\"+00:00\"}}");
        }
        Term term = Term.json(RawJson.of(batch.append(']').toString()));
        long actual = term.toJson().getBytes(StandardCharsets.UTF_8).length;
        assertTrue(term.serializedSizeEstimate() >= actual, term.serializedSizeEstimate() + " < " + actual);
        assertTrue(term.serializedSizeEstimate() < actual * 1.3, term.serializedSizeEstimate() + " vs " + actual);
    }

    @Test
    void sizeEstimateFollowsJsonText() {
        RawJson raw = RawJson.of(new byte[1000]);
        assertTrue(Term.json(raw).serializedSizeEstimate() >= 1000);
        assertTrue(ORDERS.insert(Term.json(raw)).serializedSizeEstimate() >= 1000);
    }

    @Test
    void tableCreateFromJsonOptargs() {
        assertEquals("[60,[[14,[\"d\"]],\"t\"],{\"primary_key\":\"k\",\"durability\":\"soft\"}]",
                Term.db("d").tableCreate("t", Json.parse("{\"primary_key\":\"k\",\"durability\":\"soft\"}")).toJson());
        assertEquals("[75,[[15,[[14,[\"d\"]],\"t\"]],\"i\",[69,[[2,[1]],[31,[[10,[1]],\"f\"]]]]],{\"multi\":true}]",
                Term.db("d").table("t").indexCreate("i", Term.of(TermType.FUNC, List.of(Term.datum(Json.parse("[1]")),
                        Term.of(TermType.VAR, List.of(Term.value(1)), null).getField("f")), null),
                        Map.of("multi", true)).toJson());
        assertEquals("[140,[[15,[[14,[\"d\"]],\"t\"]],\"a\",\"b\"]]", Term.db("d").table("t").indexWait("a", "b").toJson());
        assertEquals("[180,[]]", Term.minval().toJson());
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
