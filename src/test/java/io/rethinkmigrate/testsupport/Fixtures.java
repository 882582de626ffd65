package io.rethinkmigrate.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import io.rethinkmigrate.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The read-only real-server fixtures, kept byte for byte in the project's own
 * {@code src/test/resources/fixtures} (see its README): the one place tests find them, so a clone alone
 * runs every test. Never write to them ({@code FixturesIntegrityTest} checks their checksums).
 */
public final class Fixtures {
    private Fixtures() {}

    /** The fixtures folder in this repository's test resources. */
    public static Path dir() {
        Path dir = RepoPaths.root().resolve("src/test/resources/fixtures");
        if (!Files.isRegularFile(dir.resolve("SHA256SUMS"))) {
            throw new IllegalStateException("real-server fixtures not found: expected " + dir + " with SHA256SUMS");
        }
        return dir;
    }

    /** A file under the fixtures folder; fails clearly if absent. */
    public static Path file(String relative) {
        Path p = dir().resolve(relative);
        if (!Files.exists(p)) {
            throw new IllegalStateException("fixture " + p + " not found");
        }
        return p;
    }

    public static Path officialDump() {
        return file("official/visible-official-dump.tar.gz");
    }

    public static Path realServerAnswers() {
        return file("real-server-answers.json");
    }

    public static Path handshakes() {
        return file("handshakes.json");
    }

    // ------------------------------------------------------------------ parsed recordings

    private static JsonNode answers;
    private static JsonNode handshakeVectors;

    /** {@code real-server-answers.json}, parsed once: entries with {@code name}, {@code query}, {@code frames}. */
    public static synchronized JsonNode recordedAnswers() {
        if (answers == null) {
            answers = json(realServerAnswers());
        }
        return answers;
    }

    /** The recorded exchange with this name in {@code real-server-answers.json}. */
    public static JsonNode answer(String name) {
        for (JsonNode entry : recordedAnswers()) {
            if (name.equals(entry.path("name").asText())) {
                return entry;
            }
        }
        throw new IllegalArgumentException("no recorded answer named '" + name + "' in " + realServerAnswers());
    }

    /** {@code handshakes.json}, parsed once: the V1_0 vectors, then the V0_4 one. */
    public static synchronized JsonNode handshakeVectors() {
        if (handshakeVectors == null) {
            handshakeVectors = json(handshakes());
        }
        return handshakeVectors;
    }

    /** A JSON fixture file, parsed as it is. */
    public static JsonNode json(Path file) {
        try {
            return Json.parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
