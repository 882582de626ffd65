package io.rethinkmigrate.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rethinkmigrate.json.RawJson;
import io.rethinkmigrate.testsupport.Fixtures;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResponseTest {
    private static Response parse(String json) throws Exception {
        return Response.parse(1, json.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> texts(List<RawJson> slices) {
        return slices.stream().map(RawJson::toString).toList();
    }

    @Test
    void slicesElementsExactlyEvenWithWhitespaceAndFieldsInAnyOrder() throws Exception {
        Response r = parse("{ \"r\" : [ 1 , {\"a\":[1, \"]\"]} ,\n\"s,\" ,[ ] ,null ] , \"n\":[], \"t\" : 2 }");
        assertEquals(2, r.type);
        assertEquals(List.of("1", "{\"a\":[1, \"]\"]}", "\"s,\"", "[ ]", "null"), texts(r.results));
        assertNull(r.firstResultElements);
        assertNull(r.errorCode);
    }

    @Test
    void atomHoldingAnArrayExposesItsElements() throws Exception {
        Response r = parse("{\"t\":1,\"r\":[[{\"id\":\"é\"}, [1,2] ,3]]}");
        assertEquals(List.of("[{\"id\":\"é\"}, [1,2] ,3]"), texts(r.results));
        assertEquals(List.of("{\"id\":\"é\"}", "[1,2]", "3"), texts(r.firstResultElements));
    }

    @Test
    void errorFields() throws Exception {
        Response r = parse("{\"t\":18,\"e\":4100000,\"r\":[\"Table `shop.nope` does not exist.\"],\"b\":[0,\"x\"]}");
        assertTrue(r.isError());
        assertEquals(4100000, r.errorCode);
        assertEquals("[0,\"x\"]", r.backtrace.toString());
        assertEquals(ErrorType.OP_FAILED, ErrorType.of(r.errorCode));
        Response untyped = parse("{\"r\":[\"Ereor is not defined\"]}");
        assertEquals(Response.NO_TYPE, untyped.type);
        assertTrue(untyped.isError());
    }

    @Test
    void recordedFramesSliceToTheRecordedDocuments() throws Exception {
        for (com.fasterxml.jackson.databind.JsonNode entry : Fixtures.recordedAnswers()) {
            if (!entry.has("frames") || !entry.get("frames").get(0).has("t")) {
                continue;
            }
            for (com.fasterxml.jackson.databind.JsonNode frame : entry.get("frames")) {
                Response r = parse(io.rethinkmigrate.json.Json.write(frame));
                assertEquals(frame.get("t").asInt(), r.type);
                assertEquals(frame.get("r").size(), r.results.size(), entry.get("name").asText());
                for (int i = 0; i < r.results.size(); i++) {
                    assertEquals(frame.get("r").get(i), io.rethinkmigrate.json.Json.parse(r.results.get(i)));
                }
            }
        }
    }

    @Test
    void everyRecordedRealServerFrameReadsAsAJsonParserReadsIt() throws Exception {
        int frames = 0;
        for (com.fasterxml.jackson.databind.JsonNode entry : Fixtures.recordedAnswers()) {
            for (com.fasterxml.jackson.databind.JsonNode frame : entry.path("frames")) {
                Response r = Response.parse(7, io.rethinkmigrate.json.Json.write(frame).getBytes(StandardCharsets.UTF_8));
                String name = entry.path("name").asText();
                assertEquals(frame.path("t").asInt(Response.NO_TYPE), r.type, name);
                assertEquals(frame.has("e") ? Integer.valueOf(frame.get("e").asInt()) : null, r.errorCode, name);
                List<com.fasterxml.jackson.databind.JsonNode> expected = new java.util.ArrayList<>();
                frame.path("r").forEach(expected::add);
                assertEquals(expected, r.results.stream().map(io.rethinkmigrate.json.Json::parse).toList(), name);
                frames++;
            }
        }
        assertTrue(frames > 40, "frames read: " + frames);
    }
}
