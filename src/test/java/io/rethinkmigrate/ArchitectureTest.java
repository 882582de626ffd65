package io.rethinkmigrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rethinkmigrate.testsupport.RepoPaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the package layout what docs/architecture.md says it is: every package says what it owns and is
 * in the page, the layers only call downwards, and no package grows into a room one cannot find things in.
 */
class ArchitectureTest {
    private static final Path ROOT = RepoPaths.root().resolve("src/main/java/io/rethinkmigrate");
    private static final int MOST_FILES_IN_A_PACKAGE = 25;
    private static final int MOST_FILES_IN_ENGINE_ROOT = 10;

    /** Package (as a path below ROOT) to its Java files. */
    private static Map<String, List<Path>> packages() throws IOException {
        try (Stream<Path> files = Files.walk(ROOT)) {
            return files.filter(f -> f.toString().endsWith(".java"))
                    .collect(Collectors.groupingBy(f -> ROOT.relativize(f.getParent()).toString().replace('\\', '/'),
                            TreeMap::new, Collectors.toList()));
        }
    }

    @Test
    void everyPackageSaysWhatItOwnsAndIsInTheArchitecturePage() throws IOException {
        String page = Files.readString(RepoPaths.root().resolve("docs/architecture.md"));
        for (Map.Entry<String, List<Path>> p : packages().entrySet()) {
            assertTrue(Files.exists(ROOT.resolve(p.getKey()).resolve("package-info.java")),
                    p.getKey() + " has no package-info.java");
            assertTrue(page.contains("`" + p.getKey() + "`"), p.getKey() + " is not described in docs/architecture.md");
        }
    }

    @Test
    void noPackageHoldsMoreFilesThanOneCanTakeIn() throws IOException {
        packages().forEach((name, files) -> assertTrue(files.size() <= MOST_FILES_IN_A_PACKAGE,
                name + " holds " + files.size() + " files"));
        long engineRoot = packages().get("engine").stream()
                .filter(f -> !f.getFileName().toString().equals("package-info.java")).count();
        assertTrue(engineRoot <= MOST_FILES_IN_ENGINE_ROOT, "engine/ holds " + engineRoot + " classes at its root");
    }

    @Test
    void layersOnlyCallDownwards() throws IOException {
        assertEquals(List.of(), importsOf(List.of("engine", "archive", "wire", "json", "model", "error", "progress"), "cli"));
        assertEquals(List.of(), importsOf(List.of("archive", "wire", "json", "model", "error", "progress"), "engine"));
        assertEquals(List.of(), importsOf(List.of("wire", "json", "model", "error", "progress"), "archive"));
    }

    /** The files under any of {@code from} that import something of package {@code layer}. */
    private static List<String> importsOf(List<String> from, String layer) throws IOException {
        Pattern forbidden = Pattern.compile("(?m)^import (static )?io\\.rethinkmigrate\\." + layer + "[.;]");
        return packages().entrySet().stream()
                .filter(p -> from.stream().anyMatch(f -> p.getKey().equals(f) || p.getKey().startsWith(f + "/")))
                .flatMap(p -> p.getValue().stream())
                .filter(f -> forbidden.matcher(read(f)).find())
                .map(f -> ROOT.relativize(f) + " imports " + layer)
                .toList();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
