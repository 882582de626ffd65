package io.rethinkmigrate.testsupport;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class FixturesTest {
    @Test
    void findsSharedFixtures() {
        assertTrue(Files.isRegularFile(Fixtures.officialDump()), "official dump fixture");
        assertTrue(Files.isRegularFile(Fixtures.realServerAnswers()));
        assertTrue(Files.isRegularFile(Fixtures.handshakes()));
    }
}
