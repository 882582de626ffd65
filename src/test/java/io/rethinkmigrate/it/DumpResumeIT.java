package io.rethinkmigrate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rethinkmigrate.archive.ArchiveWriter;
import io.rethinkmigrate.archive.tar.ArchiveWriterOptions;
import io.rethinkmigrate.archive.tar.OfficialArchiveWriter;
import io.rethinkmigrate.engine.RetryPolicy;
import io.rethinkmigrate.engine.Selection;
import io.rethinkmigrate.engine.dump.Dumper;
import io.rethinkmigrate.engine.read.DumpOptions;
import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;
import io.rethinkmigrate.model.TableId;
import io.rethinkmigrate.progress.ProgressListener;
import io.rethinkmigrate.testsupport.ArchiveContents;
import io.rethinkmigrate.testsupport.Canonical;
import io.rethinkmigrate.testsupport.FaultProxy;
import io.rethinkmigrate.testsupport.SampleDatabase;
import io.rethinkmigrate.wire.ConnectOptions;
import io.rethinkmigrate.wire.Connection;
import io.rethinkmigrate.wire.Endpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dump that reads tables as many key ranges and pages, in parallel, through a proxy that cuts every
 * connection in the middle: it reconnects, resumes after the last document it wrote, and the archive
 * holds every document exactly once (checked against the official JS driver's read of the tables).
 */
@Timeout(300)
class DumpResumeIT {
    @RegisterExtension
    final SampleDatabase sample = SampleDatabase.sample("rm_resume", 3000); // people: 3000 documents, string keys; orders: 1500, integer keys

    /** Small pages and ranges: the sample tables become dozens of ranges and pages. */
    private static final long PAGE_BYTES = 48 * 1024;

    @TempDir
    Path dir;

    @Test
    void rangesReadInParallelGiveEveryDocumentOnce() throws Exception {
        Path archive = dump(sample.server().address(), RetryPolicy.NONE, () -> { });
        assertArchiveHoldsEveryDocumentOnce(archive);
    }

    @Test
    void rangesReuseTheirReadersConnections() throws Exception {
        try (FaultProxy proxy = FaultProxy.inFrontOf(sample.server().address())) {
            AtomicInteger logins = new AtomicInteger();
            Path archive = dump(proxy.address(), RetryPolicy.NONE, logins::incrementAndGet);
            assertArchiveHoldsEveryDocumentOnce(archive);
            // dozens of ranges (48 KB pages), three read at once: the planning connection and one per reader
            assertTrue(logins.get() <= 4, logins.get() + " connections opened for the dump");
            assertEquals(logins.get(), proxy.accepted());
        }
    }

    @Test
    void aConnectionCutInTheMiddleIsSurvived() throws Exception {
        try (FaultProxy proxy = FaultProxy.inFrontOf(sample.server().address())) {
            // about a third of the data, then every open connection dies at once
            proxy.cutAfterBytes(1_200_000);
            Path archive = dump(proxy.address(), new RetryPolicy(5, java.time.Duration.ofMillis(20), java.time.Duration.ofMillis(200)), () -> { });
            assertEquals(1, proxy.cuts(), "the proxy cut the connections once");
            assertArchiveHoldsEveryDocumentOnce(archive);
        }
    }

    @Test
    void aCutInTheMiddleOfOrderedPagesResumesAfterTheLastKeyWritten() throws Exception {
        try (FaultProxy proxy = FaultProxy.inFrontOf(sample.server().address())) {
            proxy.cutAfterBytes(1_200_000);
            // no key ranges: each table is one range read in ordered pages of about 48 KB
            Path archive = dump(proxy.address(), new RetryPolicy(5, java.time.Duration.ofMillis(20), java.time.Duration.ofMillis(200)), () -> { }, 0);
            assertEquals(1, proxy.cuts(), "the proxy cut the connections once");
            assertArchiveHoldsEveryDocumentOnce(archive);
        }
    }

    @Test
    void aServerGoneForGoodFailsNamingTheTableAndHowFarItGot() throws Exception {
        try (FaultProxy proxy = FaultProxy.inFrontOf(sample.server().address())) {
            proxy.cutAfterBytes(1_200_000);
            AtomicBoolean stopped = new AtomicBoolean();
            MigrateException e = assertThrows(MigrateException.class,
                    () -> dump(proxy.address(), new RetryPolicy(2, java.time.Duration.ofMillis(10), java.time.Duration.ofMillis(20)), () -> {
                        if (proxy.cuts() > 0 && stopped.compareAndSet(false, true)) {
                            proxy.close(); // no more connections: the server is gone
                        }
                    }));
            assertEquals(ErrorKind.CONNECTION, e.kind(), e.getMessage());
            assertTrue(e.getMessage().contains(sample.db() + "."), "names the table: " + e.getMessage());
            assertTrue(e.getMessage().contains("gave up after 2 reconnections"), e.getMessage());
            assertTrue(e.getMessage().contains("documents of range"), "says how far it got: " + e.getMessage());
            assertFalse(Files.exists(dir.resolve("dump.tar.gz")), "no archive left behind");
        }
    }

    private Path dump(String address, RetryPolicy retry, Runnable beforeEachConnection) throws Exception {
        return dump(address, retry, beforeEachConnection, PAGE_BYTES * 3 / 4);
    }

    private Path dump(String address, RetryPolicy retry, Runnable beforeEachConnection, long rangeBytes)
            throws Exception {
        ConnectOptions connect = ConnectOptions.builder().endpoint(Endpoint.parse(address, Endpoint.DEFAULT_PORT))
                .user("admin").password(sample.server().password()).build();
        DumpOptions options = DumpOptions.defaults().withSelection(Selection.parse("-e", List.of(sample.db())))
                .withClients(3).withPageBytes(PAGE_BYTES).withRangeBytes(rangeBytes).withRetry(retry);
        Path target = dir.resolve("dump.tar.gz");
        try (ArchiveWriter writer = OfficialArchiveWriter.toFile(target, "dump",
                ArchiveWriterOptions.defaults().withTempDir(dir))) {
            new Dumper(() -> {
                beforeEachConnection.run();
                return Connection.open(connect);
            }, options, ProgressListener.NONE).dump(writer);
        }
        return target;
    }

    private void assertArchiveHoldsEveryDocumentOnce(Path archive) throws Exception {
        ArchiveContents contents = ArchiveContents.read(archive);
        for (String table : List.of("people", "orders", "empty")) {
            List<String> expected = sorted(sample.documents(sample.db(), table));
            List<String> actual = sorted(Canonical.canonicalForJsAll(contents.documents().get(new TableId(sample.db(), table))));
            assertEquals(expected.size(), actual.size(), table + ": document count (a duplicate or a loss)");
            assertEquals(expected, actual, table + ": documents");
        }
        assertEquals(3000, contents.documents().get(new TableId(sample.db(), "people")).size());
    }

    private static List<String> sorted(List<String> docs) {
        List<String> copy = new ArrayList<>(docs);
        copy.sort(null);
        return copy;
    }
}
