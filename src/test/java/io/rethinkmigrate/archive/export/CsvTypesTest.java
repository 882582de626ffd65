package io.rethinkmigrate.archive.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonGenerator;
import io.rethinkmigrate.archive.json.JsonCopy;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** CSV cells as typed values. */
class CsvTypesTest {

    private static String value(CsvTypes types, String column, String cell) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JsonCopy.compactGenerator(out)) {
            types.write(column, cell, g);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void stringsByDefault() throws Exception {
        CsvTypes t = CsvTypes.strings();
        assertEquals("\"12\"", value(t, "a", "12"));
        assertEquals("\"true\"", value(t, "a", "true"));
        assertEquals("\"null\"", value(t, "a", "null"));
    }

    @Test
    void inferKeepsNumbersExactAndReadsBooleansNullAndJson() throws Exception {
        CsvTypes t = CsvTypes.infer();
        assertEquals("12345678901234567890123", value(t, "a", "12345678901234567890123"));
        assertEquals("1e-300", value(t, "a", "1e-300"));
        assertEquals("-0.10", value(t, "a", "-0.10"));
        assertEquals("\"007\"", value(t, "a", "007"));
        assertEquals("true", value(t, "a", "true"));
        assertEquals("false", value(t, "a", "False"));
        assertEquals("null", value(t, "a", "null"));
        assertEquals("{\"$reql_type$\":\"TIME\",\"epoch_time\":611024379.747,\"timezone\":\"+14:00\"}",
                value(t, "a", "{\"$reql_type$\": \"TIME\", \"epoch_time\": 611024379.747, \"timezone\": \"+14:00\"}"));
        assertEquals("[1,\"x\"]", value(t, "a", "[1, \"x\"]"));
        assertEquals("\"{not json\"", value(t, "a", "{not json"));
        assertEquals("\"hello\"", value(t, "a", "hello"));
    }

    @Test
    void specTypesNamedColumnsOnly() throws Exception {
        CsvTypes t = CsvTypes.parse("age:number,born:time,vip:boolean,meta:json");
        assertEquals("42", value(t, "age", "42"));
        assertEquals("\"42\"", value(t, "other", "42"));
        assertEquals("true", value(t, "vip", "True"));
        assertEquals("{\"a\":[1.50]}", value(t, "meta", "{\"a\": [1.50]}"));
        assertEquals("{\"$reql_type$\":\"TIME\",\"epoch_time\":1714559400.5,\"timezone\":\"+02:00\"}",
                value(t, "born", "2024-05-01T12:30:00.5+02:00"));
        assertEquals("{\"$reql_type$\":\"TIME\",\"epoch_time\":0,\"timezone\":\"+00:00\"}",
                value(t, "born", "1970-01-01T00:00:00Z"));
        assertEquals("{\"$reql_type$\":\"TIME\",\"epoch_time\":-3600,\"timezone\":\"-05:30\"}",
                value(t, "born", "1969-12-31T17:30:00-05:30"));
        assertEquals("{\"$reql_type$\":\"TIME\",\"epoch_time\":103433892.74,\"timezone\":\"-03:00\"}",
                value(t, "born", "{\"$reql_type$\": \"TIME\", \"epoch_time\": 103433892.74, \"timezone\": \"-03:00\"}"));
        CsvTypes star = CsvTypes.parse("name:string,*:infer");
        assertEquals("\"1\"", value(star, "name", "1"));
        assertEquals("1", value(star, "x", "1"));
    }

    @Test
    void badCellsAndSpecsAreRefused() {
        CsvTypes t = CsvTypes.parse("age:number,vip:boolean,born:time,meta:json");
        assertThrows(IllegalArgumentException.class, () -> value(t, "age", "forty"));
        assertThrows(IllegalArgumentException.class, () -> value(t, "vip", "yes"));
        assertThrows(IllegalArgumentException.class, () -> value(t, "born", "2024-05-01 12:30"));
        assertThrows(IllegalArgumentException.class, () -> value(t, "meta", "{\"a\":"));
        assertThrows(IllegalArgumentException.class, () -> CsvTypes.parse("age:integer"));
        assertThrows(IllegalArgumentException.class, () -> CsvTypes.parse("age"));
    }
}
