package io.rethinkmigrate.engine.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.rethinkmigrate.json.RawJson;
import org.junit.jupiter.api.Test;

/** The canonical form of docs/verify.md, rule by rule. */
class CanonicalJsonTest {

    @Test
    void objectKeysAreSortedByCodePointAtEveryLevelAndWhitespaceDropped() {
        assertEquals("{\"a\":1,\"b\":{\"x\":[3,{\"k\":true,\"m\":null}],\"y\":false}}",
                CanonicalJson.canonical("{ \"b\": {\"y\": false, \"x\": [3, {\"m\": null, \"k\": true}]}, \"a\": 1 }"));
        // code point order, not UTF-16 order: U+FF5E sorts before U+1F600 (a surrogate pair in UTF-16)
        assertEquals("{\"Z\":1,\"a\":2,\"～\":3,\"😀\":4}", CanonicalJson.canonical("{\"😀\": 4, \"～\": 3, \"a\": 2, \"Z\": 1}"));
    }

    @Test
    void numbersAreWrittenByExactValueKeepingTheSignOfZero() {
        assertEquals("[1,1,1,100,100,1.5,0.001,-2.5,-0,0,0,5e-324,9223372036854775808,17976931348623157e292]",
                CanonicalJson.canonical("[1, 1.0, 1e0, 100, 1E+2, 1.50, 1e-3, -25e-1, -0.0, 0, 0.000, 5e-324, "
                        + "9223372036854775808, 1.7976931348623157e308]"));
        // 32 characters plain at most, then with an exponent
        assertEquals("[12345678901234567890123456789012,123456789012345678901234567890123]",
                CanonicalJson.canonical("[12345678901234567890123456789012, 123456789012345678901234567890123]"));
        assertEquals("[1e40,-1e-40]", CanonicalJson.canonical("[1e40, -0.0000000000000000000000000000000000000001]"));
        assertNotEquals(CanonicalJson.canonical("[0.1]"), CanonicalJson.canonical("[0.10000000000000001]"));
    }

    @Test
    void stringsEscapeOnlyQuoteBackslashAndControlCharacters() {
        assertEquals("[\"é\\\"\\\\/\\u000a\\u0009\\u001f\u007f😀\"]",
                CanonicalJson.canonical("[\"\\u00e9\\\"\\\\\\/\\n\\t\\u001f\\u007f\\ud83d\\ude00\"]"));
        assertEquals(CanonicalJson.canonical("[\"é\"]"), CanonicalJson.canonical("[\"\\u00e9\"]"));
        assertEquals("[\"\\ud800x\"]", CanonicalJson.canonical("[\"\\ud800x\"]"), "a lone surrogate stays escaped");
    }

    @Test
    void binaryDataIsTheSameWithOrWithoutMimeLineBreaks() {
        String oneLine = "{\"$reql_type$\":\"BINARY\",\"data\":\"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\"}";
        String mime = "{\"data\":\"AAECAwQFBgcICQoLDA0ODxAREhMU\\r\\nFRYXGBkaGxwdHh8=\",\"$reql_type$\":\"BINARY\"}";
        assertEquals(CanonicalJson.canonical(oneLine), CanonicalJson.canonical(mime));
        // a field called data outside a BINARY keeps its whitespace
        assertNotEquals(CanonicalJson.canonical("{\"data\":\"a b\"}"), CanonicalJson.canonical("{\"data\":\"ab\"}"));
    }

    @Test
    void timesKeepTheirTimezone() {
        assertNotEquals(CanonicalJson.canonical("{\"$reql_type$\":\"TIME\",\"epoch_time\":1,\"timezone\":\"+00:00\"}"),
                CanonicalJson.canonical("{\"$reql_type$\":\"TIME\",\"epoch_time\":1,\"timezone\":\"+02:00\"}"));
        assertEquals(CanonicalJson.canonical("{\"$reql_type$\":\"TIME\",\"epoch_time\":1.50,\"timezone\":\"+02:00\"}"),
                CanonicalJson.canonical("{\"timezone\":\"+02:00\",\"epoch_time\":1.5,\"$reql_type$\":\"TIME\"}"));
    }

    @Test
    void thePrimaryKeyIsCapturedCanonicallyFromTheTopLevelOnly() {
        CanonicalJson.Document d = CanonicalJson.of(RawJson.of("{\"n\": {\"k\": 9}, \"k\": [2.0, {\"b\": 1, \"a\": 2}]}"), "k");
        assertEquals("[2,{\"a\":2,\"b\":1}]", d.primaryKeyText());
        assertNull(CanonicalJson.of(RawJson.of("{\"n\": {\"k\": 9}}"), "k").primaryKey());
        assertEquals("\"x\"", CanonicalJson.of(RawJson.of("{\"id\": \"x\"}"), "id").primaryKeyText());
    }
}
