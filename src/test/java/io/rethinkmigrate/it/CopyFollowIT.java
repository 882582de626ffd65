package io.rethinkmigrate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rethinkmigrate.json.RawJson;
import io.rethinkmigrate.testsupport.CliResult;
import io.rethinkmigrate.testsupport.CliRunner;
import io.rethinkmigrate.testsupport.FaultProxy;
import io.rethinkmigrate.testsupport.SampleDatabase;
import io.rethinkmigrate.wire.Connection;
import io.rethinkmigrate.wire.ReqlServerException;
import io.rethinkmigrate.wire.Term;
import io.rethinkmigrate.wire.TermType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * `copy --follow` while a writer keeps inserting, updating and deleting documents of the source table:
 * once the writer stops and the follower has been idle for --until-idle, source and target hold the same
 * documents (read through the JS driver). The second test cuts the follower's source connections once
 * in the middle (a proxy in front of the source): the feed is reopened and the table copied again.
 */
@Timeout(600)
class CopyFollowIT {
    @RegisterExtension
    final SampleDatabase sample = SampleDatabase.none("rm_fol").withTable("live", "id", initialDocs());

    private static final int INITIAL = 300;
    private static final Pattern APPLIED = Pattern.compile("(\\d+) changes applied\\s+(\\d+) resync");

    @TempDir
    Path dir;

    private String db2;

    @BeforeEach
    void nameTarget() {
        db2 = sample.newDb("rm_fol");
    }

    /** The source table: INITIAL documents with a time each. */
    private static List<String> initialDocs() {
        List<String> docs = new ArrayList<>();
        for (int i = 0; i < INITIAL; i++) {
            docs.add("{\"id\":" + i + ",\"v\":-1,\"at\":{\"$reql_type$\":\"TIME\",\"epoch_time\":" + (1.6e9 + i)
                    + ",\"timezone\":\"+00:00\"}}");
        }
        return docs;
    }

    /** Inserts, replaces, updates and deletes random keys of the source table until stopped. */
    private final class Writer implements Runnable {
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicLong writes = new AtomicLong();
        volatile RuntimeException failure;

        @Override
        public void run() {
            Random random = new Random(7);
            Term table = Term.db(sample.db()).table("live");
            try (Connection c = CopySides.connect(sample.server())) {
                while (!stop.get()) {
                    int key = random.nextInt(INITIAL + 100);
                    long n = writes.get();
                    switch (random.nextInt(4)) {
                        case 0 -> c.run(table.insert(Term.json(RawJson.of("{\"id\":" + key + ",\"v\":" + n
                                + ",\"s\":\"w" + n + "\"}")), Map.of("conflict", "replace")));
                        case 1 -> c.run(table.insert(Term.json(RawJson.of("{\"id\":" + key + ",\"u\":" + n + "}")),
                                Map.of("conflict", "update")));
                        default -> c.run(Term.of(TermType.GET, List.of(table, Term.value(key)), Map.of()).delete());
                    }
                    writes.incrementAndGet();
                }
            } catch (RuntimeException e) {
                failure = e;
            }
        }
    }

    private CompletableFuture<CliResult> startCopy(String fromAddress, String toAddress) {
        List<String> args = new ArrayList<>(List.of("-e", sample.db() + ".live", "--rename", sample.db() + "=" + db2, "--follow",
                "--until-idle", "3", "--lag-every", "1", "--progress", "plain"));
        String[] command = CopySides.copy(sample.server(), fromAddress, sample.server(), toAddress, dir, args.toArray(String[]::new));
        return CompletableFuture.supplyAsync(() -> new CliRunner().timeout(Duration.ofMinutes(8)).run(command));
    }

    /** Waits until the copy has written the target table (the follower starts right after). */
    private void awaitTargetLoaded() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        try (Connection c = CopySides.connect(sample.server())) {
            while (System.nanoTime() < deadline) {
                JsonNode dbs = c.run(Term.dbList());
                boolean exists = false;
                for (JsonNode name : dbs) {
                    exists |= name.asText().equals(db2);
                }
                if (exists && targetHasDocuments(c)) {
                    return;
                }
                Thread.sleep(100);
            }
        }
        throw new AssertionError("the copy did not write " + db2 + ".live within 3 minutes");
    }

    /** A real server's new table answers "primary replica not available" until it is ready: not yet. */
    private boolean targetHasDocuments(Connection c) {
        try {
            JsonNode tables = c.run(Term.db(db2).tableList());
            return tables.size() == 1 && c.run(Term.db(db2).table("live").count()).asLong() > 0;
        } catch (ReqlServerException e) {
            return false;
        }
    }

    private void assertSidesEqual(CliResult copy) {
        List<String> source = sample.documents(sample.db(), "live");
        List<String> target = sample.documents(db2, "live");
        assertEquals(source.size(), target.size(), "document counts: " + copy.describe());
        assertEquals(source, target, "every document: " + copy.describe());
    }

    private static long[] appliedAndResyncs(CliResult copy) {
        Matcher m = APPLIED.matcher(copy.stderr());
        assertTrue(m.find(), "final state printed: " + copy.describe());
        return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))};
    }

    @Test
    void followsWritesUntilIdleAndEndsEqual() throws Exception {
        Writer writer = new Writer();
        Thread writing = new Thread(writer, "test-writer");
        writing.start();
        CompletableFuture<CliResult> running = startCopy(sample.server().address(), sample.server().address());
        awaitTargetLoaded();
        long atCopy = writer.writes.get();
        Thread.sleep(4_000); // writes during the follow phase
        writer.stop.set(true);
        writing.join();
        assertTrue(writer.failure == null, "writer: " + writer.failure);
        CliResult copy = running.get(8, TimeUnit.MINUTES);

        assertEquals(0, copy.exitCode(), copy.describe());
        assertTrue(writer.writes.get() > atCopy, "the writer kept writing after the copy: " + writer.writes.get());
        assertTrue(copy.stderr().contains("Following changes of 1 table(s) until none came for 3.0 s"), copy.describe());
        assertTrue(copy.stderr().contains("change(s) waiting"), "lag reported: " + copy.describe());
        long[] applied = appliedAndResyncs(copy);
        assertTrue(applied[0] > 0, "changes were applied after the copy: " + copy.describe());
        assertEquals(0, applied[1], "no resync without a fault: " + copy.describe());
        assertSidesEqual(copy);
    }

    @Test
    void survivesTheSourceConnectionCutWhileFollowing() throws Exception {
        try (FaultProxy proxy = FaultProxy.inFrontOf(sample.server().address())) {
            Writer writer = new Writer();
            Thread writing = new Thread(writer, "test-writer");
            writing.start();
            CompletableFuture<CliResult> running = startCopy(proxy.address(), sample.server().address());
            awaitTargetLoaded();
            Thread.sleep(2_000);
            proxy.cutNow(); // the feed's connection (the only one open to the source while following)
            Thread.sleep(3_000); // writes while the follower reconnects and copies again
            writer.stop.set(true);
            writing.join();
            assertTrue(writer.failure == null, "writer: " + writer.failure);
            CliResult copy = running.get(8, TimeUnit.MINUTES);

            assertEquals(0, copy.exitCode(), copy.describe());
            assertEquals(1, proxy.cuts());
            assertTrue(copy.stderr().contains("change feed lost"), copy.describe());
            assertTrue(copy.stderr().contains("copied again"), copy.describe());
            assertEquals(1, appliedAndResyncs(copy)[1], "one resync: " + copy.describe());
            assertSidesEqual(copy);
        }
    }

    @Test
    void survivesTheTargetConnectionCutWhileFollowing() throws Exception {
        try (FaultProxy proxy = FaultProxy.inFrontOf(sample.server().address())) {
            Writer writer = new Writer();
            Thread writing = new Thread(writer, "test-writer");
            writing.start();
            CompletableFuture<CliResult> running = startCopy(sample.server().address(), proxy.address());
            awaitTargetLoaded();
            Thread.sleep(2_000);
            proxy.cutNow(); // the connection the follower writes changes on
            Thread.sleep(3_000);
            writer.stop.set(true);
            writing.join();
            assertTrue(writer.failure == null, "writer: " + writer.failure);
            CliResult copy = running.get(8, TimeUnit.MINUTES);

            assertEquals(0, copy.exitCode(), copy.describe());
            assertTrue(copy.stderr().contains("change feed lost (target: "), copy.describe());
            assertEquals(1, appliedAndResyncs(copy)[1], "one resync: " + copy.describe());
            assertSidesEqual(copy);
        }
    }
}
