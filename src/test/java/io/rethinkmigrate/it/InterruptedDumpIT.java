package io.rethinkmigrate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rethinkmigrate.testsupport.CliRunner;
import io.rethinkmigrate.testsupport.RecordedServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dump stopped in the middle (Ctrl-C, a kill) leaves nothing that looks like an archive: no file
 * under the final name, no `.partial`, no spool files. The server is the recorded one, made to stall
 * on the table read, so that the stop always lands mid-dump.
 */
class InterruptedDumpIT {
    private static final int LIMIT = 71;
    private static final int TABLE_LIST = 62;

    @TempDir
    Path dir;

    @Test
    void stoppedDumpRemovesItsPartialArchiveAndSpools() throws Exception {
        Path temp = Files.createDirectories(dir.resolve("spool"));
        Path archive = dir.resolve("stopped.tar.gz");
        try (RecordedServer server = RecordedServer.start()) {
            server.answerWhen(q -> termType(q) == TABLE_LIST, Duration.ZERO, q -> List.of(RecordedServer.atom("[]")));
            server.answerWhen(q -> termType(q) == LIMIT, Duration.ofMinutes(10), q -> List.of(RecordedServer.atom("[]")));

            Process dump = new ProcessBuilder("java", "-jar", CliRunner.jar().toString(), "dump",
                    "-c", server.endpoint().toString(), "-e", "shop.customers", "-f", archive.toString(),
                    "--temp-dir", temp.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("dump.log").toFile()).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (server.queries().stream().noneMatch(q -> q.startsWith("[1,[" + LIMIT + ","))) {
                assertTrue(dump.isAlive(), "dump ended early: " + Files.readString(dir.resolve("dump.log")));
                assertTrue(System.nanoTime() < deadline, "the dump never started reading the table");
                Thread.sleep(50);
            }
            assertTrue(Files.exists(dir.resolve("stopped.tar.gz.partial")), "the dump writes under .partial first");

            dump.destroy(); // SIGTERM: the JVM runs its shutdown hooks, as on Ctrl-C
            assertTrue(dump.waitFor(30, TimeUnit.SECONDS), "the dump stops");
            assertFalse(Files.exists(archive), "no archive under the final name");
            assertFalse(Files.exists(dir.resolve("stopped.tar.gz.partial")), "the partial archive is removed");
            try (Stream<Path> spools = Files.list(temp)) {
                assertEquals(List.of(), spools.toList(), "spool files are removed");
            }
        }
    }

    private static int termType(JsonNode query) {
        JsonNode term = query.get(1);
        return term != null && term.isArray() ? term.get(0).asInt() : -1;
    }
}
