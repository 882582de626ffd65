package io.rethinkmigrate.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import io.rethinkmigrate.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The read-only real-server fixtures in {@code shared/fixtures} (see its README). Found from
 * {@code RETHINK_MIGRATE_SHARED} (the {@code shared} folder, or its {@code fixtures} folder), else
 * {@code ../shared/fixtures} beside the repository (CI: a fresh clone with {@code shared/} beside it),
 * else {@code shared/fixtures} in the repository. Never write to them.
 */
public final class Fixtures {
    public static final String ENV_SHARED = "RETHINK_MIGRATE_SHARED";

    private Fixtures() {}

    public static Path dir() {
        String env = System.getenv(ENV_SHARED);
        if (env != null && !env.isBlank()) {
            Path s = Path.of(env).toAbsolutePath().normalize();
            for (Path c : new Path[] {s.resolve("fixtures"), s}) {
                if (Files.isRegularFile(c.resolve("README.md")) && Files.isDirectory(c.resolve("official"))) {
                    return c;
                }
            }
            throw new IllegalStateException(ENV_SHARED + "=" + env + " holds no fixtures (expected "
                    + s.resolve("fixtures") + " with README.md and official/)");
        }
        Path root = RepoPaths.root();
        for (Path c : new Path[] {root.resolve("../shared/fixtures"), root.resolve("shared/fixtures")}) {
            if (Files.isDirectory(c)) {
                return c.toAbsolutePath().normalize();
            }
        }
        throw new IllegalStateException("real-server fixtures not found: expected " + root.resolve("../shared/fixtures")
                .normalize() + " (the shared/ folder beside the repository) or set " + ENV_SHARED);
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
