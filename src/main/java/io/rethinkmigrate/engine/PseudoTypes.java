package io.rethinkmigrate.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Map;

/** Helpers for values in the server's raw pseudo-type form. */
public final class PseudoTypes {
    private PseudoTypes() {
    }

    /**
     * A copy in which every BINARY's base64 is on one line. The server breaks base64 into MIME lines of
     * 76 characters (in documents and in index and hook blobs alike); sent back in one line it is read as
     * the same bytes by any decoder.
     */
    public static JsonNode joinBase64Lines(JsonNode value) {
        JsonNode copy = value.deepCopy();
        joinInPlace(copy);
        return copy;
    }

    private static void joinInPlace(JsonNode node) {
        if (node instanceof ObjectNode object) {
            if ("BINARY".equals(object.path("$reql_type$").asText(null)) && object.path("data").isTextual()) {
                object.set("data", TextNode.valueOf(object.get("data").asText().replaceAll("\\s", "")));
                return;
            }
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                joinInPlace(field.getValue());
            }
        } else if (node instanceof ArrayNode array) {
            for (JsonNode element : array) {
                joinInPlace(element);
            }
        }
    }
}
