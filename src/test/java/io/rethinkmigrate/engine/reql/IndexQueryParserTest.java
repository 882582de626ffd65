package io.rethinkmigrate.engine.reql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rethinkmigrate.archive.meta.IndexSpec;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The fixture texts translate to the wire terms derived by hand from ql2.proto (FUNC 69, MAKE_ARRAY 2,
 * VAR 10, GET_FIELD 31, BRACKET 170, DOWNCASE 142, MAP 38); the common shapes users write translate as
 * the protocol says; what cannot be translated says why and where.
 */
class IndexQueryParserTest {

    /** The function term, by index name, as ql2.proto spells each fixture index. */
    private static final Map<String, String> EXPECTED = Map.of(
            "email", "[69,[[2,[1]],[31,[[10,[1]],\"email\"]]]]",
            "location", "[69,[[2,[1]],[31,[[10,[1]],\"location\"]]]]",
            "tags", "[69,[[2,[1]],[31,[[10,[1]],\"tags\"]]]]",
            "x", "[69,[[2,[1]],[31,[[10,[1]],\"x\"]]]]",
            "customer_id", "[69,[[2,[1]],[31,[[10,[1]],\"customer_id\"]]]]",
            "placed_at", "[69,[[2,[1]],[31,[[10,[1]],\"placed_at\"]]]]",
            "name_lower", "[69,[[2,[1]],[142,[[170,[[10,[1]],\"name\"]]]]]]",
            "city_zip", "[69,[[2,[1]],[2,[[170,[[170,[[10,[1]],\"address\"]],\"city\"]],"
                    + "[170,[[170,[[10,[1]],\"address\"]],\"zip\"]]]]]]",
            "item_skus", "[69,[[2,[1]],[38,[[170,[[10,[1]],\"items\"]],[69,[[2,[2]],[170,[[10,[2]],\"sku\"]]]]]]]]");

    @Test
    void everyFixtureQueryTranslatesToItsProtocolTermWithItsFlags() throws Exception {
        Map<String, IndexSpec> fixtures = FixtureIndexQueries.all();
        assertTrue(fixtures.size() >= 9 + 8, "the archive's 9 indexes and the recorded answers' 8: " + fixtures.keySet());
        Map<String, String> seen = new TreeMap<>();
        for (Map.Entry<String, IndexSpec> fixture : fixtures.entrySet()) {
            IndexSpec index = fixture.getValue();
            IndexDefinition definition = IndexQueryParser.parse(index.query());
            String expected = EXPECTED.get(index.name());
            assertEquals(expected, definition.function().toJson(), fixture.getKey() + ": " + index.query());
            assertEquals(index.multi(), definition.multi(), fixture.getKey() + ": multi");
            assertEquals(index.geo(), definition.geo(), fixture.getKey() + ": geo");
            seen.put(index.name(), expected);
        }
        assertEquals(EXPECTED.keySet(), seen.keySet(), "every fixture index was checked");
    }

    @Test
    void compoundMultiAndGeoFlagsComeFromTheOptionsObject() throws Exception {
        IndexDefinition both = IndexQueryParser.parse("indexCreate('g', function(var1) { return var1(\"a\"); }, {multi: true, geo: true})");
        assertTrue(both.multi());
        assertTrue(both.geo());
        IndexDefinition none = IndexQueryParser.parse("indexCreate('g', function(var1) { return var1(\"a\"); })");
        assertFalse(none.multi());
        assertFalse(none.geo());
    }

    @Test
    void rowWithoutAFunctionIsWrappedInOneAsTheDriversDo() throws Exception {
        assertEquals("[69,[[2,[1]],[141,[[170,[[13,[]],\"a\"]]]]]]",
                function("r.row('a').upcase()"));
    }

    @Test
    void nestedFieldsArithmeticAndDefault() throws Exception {
        assertEquals("[69,[[2,[1]],[170,[[170,[[170,[[10,[1]],\"a\"]],\"b\"]],\"c\"]]]]",
                function("function(doc) { return doc('a')('b')('c'); }"));
        // r.add as the server prints it and .add as users write it are the same term
        assertEquals("[69,[[2,[1]],[92,[[24,[[170,[[10,[1]],\"price\"]],2]],0]]]]",
                function("function(var1) { return r.add(var1(\"price\"), 2).default(0); }"));
        assertEquals("[69,[[2,[1]],[92,[[24,[[170,[[10,[1]],\"price\"]],2]],0]]]]",
                function("function(d) { return d('price').add(2).default(0); }"));
        assertEquals("[69,[[2,[1]],[26,[[170,[[10,[1]],\"n\"]],-1.5]]]]",
                function("function(d) { return d('n').mul(-1.500000); }"));
    }

    @Test
    void constantsObjectsBranchesAndDo() throws Exception {
        assertEquals("[69,[[2,[1]],[65,[[21,[[10,[1]],1]],[180,[]],[2,[true,null,\"s\"]]]]]]",
                function("function(var1) { return r.branch(var1.gt(1), r.minval, r.expr([true, null, \"s\"])); }"));
        assertEquals("[69,[[2,[1]],[3,[],{\"k\":[170,[[10,[1]],\"a\"]]}]]]",
                function("function(var1) { return {\"k\": var1(\"a\")}; }"));
        assertEquals("[69,[[2,[1]],{\"k\":[2,[1,2]]}]]", function("function(var1) { return {k: [1, 2]}; }"));
        assertEquals("[69,[[2,[1]],[64,[[69,[[2,[2]],[170,[[10,[2]],\"b\"]]]],[170,[[10,[1]],\"a\"]]]]]]",
                function("function(var1) { return var1(\"a\").do(function(var2) { return var2(\"b\"); }); }"));
    }

    @Test
    void optionObjectsOfKnownOperationsBecomeOptargsInSnakeCase() throws Exception {
        assertEquals("[69,[[2,[1]],[30,[[170,[[10,[1]],\"a\"]],0,2],{\"right_bound\":\"closed\"}]]]",
                function("function(var1) { return var1(\"a\").slice(0, 2, {\"rightBound\": \"closed\"}); }"));
        // merge takes no options: its object argument stays a value
        assertEquals("[69,[[2,[1]],[35,[[10,[1]],{\"rightBound\":1}]]]]",
                function("function(var1) { return var1.merge({\"rightBound\": 1}); }"));
    }

    @Test
    void stringsAreTakenAsTheServerPrintsThemWithoutEscapes() throws Exception {
        // the server prints a string's characters as they are: one backslash stays one backslash
        assertEquals("[69,[[2,[1]],[97,[[170,[[10,[1]],\"code\"]],\"^\\\\d+$\"]]]]",
                function("function(var1) { return var1(\"code\").match(\"^\\d+$\"); }"));
        assertEquals("[69,[[2,[1]],[170,[[10,[1]],\"it's\"]]]]", function("function(var1) { return var1(\"it's\"); }"));
        assertEquals("[69,[[2,[1]],[170,[[10,[1]],\"a b\\nc\"]]]]", function("function(var1) { return var1(\"a b\nc\"); }"));
    }

    @Test
    void untranslatableTextsSayWhy() {
        assertMessage("truncated", "indexCreate('a', function(var1) { return var1(\"a\"); }");
        assertMessage("unknown name `doc`", "indexCreate('a', function(var1) { return doc(\"a\"); })");
        assertMessage("`now`", "indexCreate('a', function(var1) { return r.now(); })");
        assertMessage("`...`", "indexCreate('a', function(var1) { return var1(\"a\")(...); })");
        assertMessage("`return`", "indexCreate('a', function(var1) { if (var1) { return 1; } })");
        assertMessage("character `=`", "indexCreate('a', function(var1) { var x = 1; return x; })");
        assertMessage("`indexCreate`", "setWriteHook(function(a, b, c) { return c; })");
        assertMessage("empty", "  ");
        assertMessage("`multi` or `geo`", "indexCreate('a', function(v) { return v; }, {primary: true})");
    }

    private static void assertMessage(String part, String query) {
        IndexQueryException e = assertThrows(IndexQueryException.class, () -> IndexQueryParser.parse(query), query);
        String message = part.equals("truncated") ? "the end of the text" : part;
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    private static String function(String text) throws IndexQueryException {
        return IndexQueryParser.parse("indexCreate('i', " + text + ")").function().toJson();
    }
}
