package io.rethinkmigrate.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Keeps the fixtures as recorded and inside the project, so that a clone alone runs every test. */
class FixturesIntegrityTest {
    /** What the fixtures' folder holds besides the recorded files themselves. */
    private static final Set<String> NOT_RECORDED = Set.of("README.md", "SHA256SUMS");
    /** Written in two parts so that this file does not match itself. */
    private static final String OUTSIDE_FOLDER = ".." + "/shared";

    @Test
    void everyFixtureIsByteForByteAsRecorded() throws IOException {
        Map<String, String> expected = listedSums();
        Map<String, String> actual = new TreeMap<>();
        Path dir = Fixtures.dir();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                String name = dir.relativize(f).toString().replace('\\', '/');
                if (!NOT_RECORDED.contains(name)) {
                    actual.put(name, sha256(f));
                }
            }
        }
        assertFalse(expected.isEmpty(), "SHA256SUMS lists no files");
        assertEquals(expected, actual, "the fixtures differ from SHA256SUMS: a fixture was changed, added or removed");
    }

    @Test
    void noTestOrScriptReadsOutsideTheRepository() throws IOException {
        Path root = RepoPaths.root();
        List<String> offenders = new ArrayList<>();
        for (String top : List.of("src", "scripts", "bench", "bin", ".ci", "pom.xml")) {
            Path start = root.resolve(top);
            if (!Files.exists(start)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(start)) {
                files.filter(Files::isRegularFile)
                        .filter(f -> !f.toString().contains("node_modules") && !f.startsWith(Fixtures.dir()))
                        .filter(FixturesIntegrityTest::mentionsOutsideFolder)
                        .forEach(f -> offenders.add(root.relativize(f).toString()));
            }
        }
        assertTrue(offenders.isEmpty(), "these files refer to " + OUTSIDE_FOLDER
                + " (a folder that a clone does not have; fixtures belong in src/test/resources/fixtures): " + offenders);
    }

    private static boolean mentionsOutsideFolder(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(OUTSIDE_FOLDER);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }

    private static Map<String, String> listedSums() throws IOException {
        Map<String, String> sums = new TreeMap<>();
        for (String line : Files.readAllLines(Fixtures.dir().resolve("SHA256SUMS"), StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                String[] parts = line.trim().split("\\s+", 2);
                sums.put(parts[1].replaceFirst("^\\./", ""), parts[0]);
            }
        }
        return sums;
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
