package io.rethinkmigrate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.rethinkmigrate.json.Json;
import org.junit.jupiter.api.Test;

class PseudoTypesTest {

    @Test
    void joinsMimeLinesOfEveryBinaryAndLeavesTheRestAlone() {
        JsonNode value = Json.parse("{\"f\":{\"$reql_type$\":\"BINARY\",\"data\":\"QUJD\\r\\nREVG\"},"
                + "\"list\":[{\"$reql_type$\":\"BINARY\",\"data\":\"AA\\r\\n==\"}],\"s\":\"a\\r\\nb\"}");
        JsonNode joined = PseudoTypes.joinBase64Lines(value);
        assertEquals("QUJDREVG", joined.at("/f/data").asText());
        assertEquals("AA==", joined.at("/list/0/data").asText());
        assertEquals("a\r\nb", joined.at("/s").asText(), "ordinary strings keep their line breaks");
        assertEquals("QUJD\r\nREVG", value.at("/f/data").asText(), "the input is not modified");
    }
}
