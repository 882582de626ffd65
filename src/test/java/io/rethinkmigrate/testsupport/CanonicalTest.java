package io.rethinkmigrate.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CanonicalTest {
    @Test
    void sortsKeysRecursivelyAndDropsWhitespace() {
        assertEquals("{\"a\":[{\"x\":1,\"y\":2}],\"b\":{\"c\":null,\"d\":true}}",
                Canonical.canonical("{ \"b\": {\"d\": true, \"c\": null}, \"a\": [ {\"y\": 2, \"x\": 1} ] }"));
    }

    @Test
    void numbersByValue() {
        assertEquals(Canonical.canonical("[1, 100, 0.5, 1e-7]"), Canonical.canonical("[1.0, 1e2, 0.50, 0.0000001]"));
        assertEquals("[1,100,0.5,0.0000001]", Canonical.canonical("[1.0, 1e2, 0.50, 1e-7]"));
        assertEquals("[1.7976931348623157e308,4.9e-324]", Canonical.canonical("[1.7976931348623157e308, 4.9E-324]"));
        assertNotEquals(Canonical.canonical("0.1"), Canonical.canonical("0.10000000000000001"));
    }

    @Test
    void negativeZeroKeptExactlyButNotForJs() {
        assertEquals("[-0,-0,0]", Canonical.canonical("[-0.0, -0, 0.0]"));
        assertEquals("[0,0,0]", Canonical.canonicalForJs("[-0.0, -0, 0.0]"));
    }

    @Test
    void jsNumbersCompareAsDoubles() {
        // 2^63 as our code keeps it, and as JavaScript prints the same double
        assertEquals(Canonical.canonicalForJs("9223372036854775808"), Canonical.canonicalForJs("9223372036854776000"));
        assertNotEquals(Canonical.canonical("9223372036854775808"), Canonical.canonical("9223372036854776000"));
        assertEquals(Canonical.canonicalForJs("5e-324"), Canonical.canonicalForJs("4.9e-324"));
        assertEquals(Canonical.canonicalForJs("0.30000000000000004"), Canonical.canonicalForJs("0.30000000000000004e0"));
    }

    @Test
    void binaryDataWithoutWhitespace() {
        String mime = "{\"b\":{\"$reql_type$\":\"BINARY\",\"data\":\"QUJD\\r\\nREVG\"}}";
        assertEquals("{\"b\":{\"$reql_type$\":\"BINARY\",\"data\":\"QUJDREVG\"}}", Canonical.canonical(mime));
        // other strings keep their whitespace
        assertEquals("{\"data\":\"a\\r\\nb\"}", Canonical.canonical("{\"data\":\"a\\r\\nb\"}"));
    }

    @Test
    void stringEscapesNormalized() {
        assertEquals(Canonical.canonical("\"é\\u0001\\/\""), Canonical.canonical("\"\\u00e9\\u0001/\""));
        assertEquals("\"é\\u0001/\"", Canonical.canonical("\"\\u00e9\\u0001/\""));
    }

    @Test
    void rejectsInvalidJson() {
        assertThrows(RuntimeException.class, () -> Canonical.canonical("{\"a\":"));
        assertThrows(RuntimeException.class, () -> Canonical.canonical("{} {}"));
    }
}
