package io.rethinkmigrate.wire;

import com.fasterxml.jackson.databind.JsonNode;
import io.rethinkmigrate.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Copies of /work/shared/fixtures (real-server recordings), read as they are. */
final class Fixtures {
    private static JsonNode answers;
    private static JsonNode handshakes;

    private Fixtures() {
    }

    static synchronized JsonNode handshakes() {
        if (handshakes == null) {
            handshakes = load("/wire/handshakes.json");
        }
        return handshakes;
    }

    static synchronized JsonNode answers() {
        if (answers == null) {
            answers = load("/wire/real-server-answers.json");
        }
        return answers;
    }

    /** The recorded exchange with this name. */
    static JsonNode answer(String name) {
        for (JsonNode entry : answers()) {
            if (name.equals(entry.path("name").asText())) {
                return entry;
            }
        }
        throw new IllegalArgumentException("no fixture named " + name);
    }

    private static JsonNode load(String resource) {
        try (InputStream in = Fixtures.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
