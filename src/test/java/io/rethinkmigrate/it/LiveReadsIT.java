package io.rethinkmigrate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rethinkmigrate.engine.ConnectionFactory;
import io.rethinkmigrate.engine.RetryPolicy;
import io.rethinkmigrate.engine.Selection;
import io.rethinkmigrate.engine.copy.LiveSourceReader;
import io.rethinkmigrate.engine.read.DumpOptions;
import io.rethinkmigrate.engine.restore.Renaming;
import io.rethinkmigrate.engine.restore.RestoreOptions;
import io.rethinkmigrate.engine.restore.Restorer;
import io.rethinkmigrate.engine.verify.ServerVerifySide;
import io.rethinkmigrate.engine.verify.SideTable;
import io.rethinkmigrate.model.TableId;
import io.rethinkmigrate.progress.ProgressListener;
import io.rethinkmigrate.progress.RunSummary;
import io.rethinkmigrate.progress.TableResult;
import io.rethinkmigrate.testsupport.FaultProxy;
import io.rethinkmigrate.testsupport.SampleDatabase;
import io.rethinkmigrate.wire.ConnectOptions;
import io.rethinkmigrate.wire.Connection;
import io.rethinkmigrate.wire.Endpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * `verify`'s server side and `copy`'s source read tables as a dump does ({@code TableReads}): key ranges
 * read in parallel on kept connections, each resuming after a lost connection. Small pages make the
 * sample tables dozens of ranges; documents are checked against the official JS driver's reads.
 */
@Timeout(300)
class LiveReadsIT {
    @RegisterExtension
    final SampleDatabase sample = SampleDatabase.sample("rm_live", 3000); // people: 3000 documents, string keys; orders: 1500, integer keys; empty

    /** 48 KB pages: people (3,000 documents) and orders (1,500) become dozens of ranges each. */
    private static final DumpOptions SMALL_RANGES = DumpOptions.defaults().withClients(3).withPageBytes(48 * 1024)
            .withRetry(new RetryPolicy(5, Duration.ofMillis(20), Duration.ofMillis(200)));

    @Test
    void verifyReadsRangesInParallelAndSeesEveryDocumentOnceAlsoAcrossACut() throws Exception {
        Selection selection = Selection.parse("-e", List.of(sample.db()));
        Map<TableId, SideTable> oneRange = new ServerVerifySide(direct(new AtomicInteger()), "server",
                DumpOptions.defaults().withRangeBytes(0).withSelection(selection)).read(selection);
        AtomicInteger logins = new AtomicInteger();
        Map<TableId, SideTable> ranges = new ServerVerifySide(direct(logins), "server", SMALL_RANGES).read(selection);
        for (String table : SampleDatabase.SAMPLE_TABLES) {
            TableId id = new TableId(sample.db(), table);
            assertEquals(sample.js().count(sample.db(), table), ranges.get(id).digest().documents(), table + ": every document once");
            assertEquals(oneRange.get(id).digest().hash(), ranges.get(id).digest().hash(),
                    table + ": the same documents as one plain scan");
        }
        assertTrue(logins.get() <= 5, logins.get() + " connections: the control one and kept readers");

        try (FaultProxy proxy = FaultProxy.inFrontOf(sample.server().address())) {
            proxy.cutAfterBytes(1_200_000); // about a third of the data, then every connection dies at once
            Map<TableId, SideTable> cut = new ServerVerifySide(through(proxy.address()), "server", SMALL_RANGES)
                    .read(selection);
            assertEquals(1, proxy.cuts(), "the proxy cut the connections once");
            for (String table : SampleDatabase.SAMPLE_TABLES) {
                TableId id = new TableId(sample.db(), table);
                assertEquals(ranges.get(id).digest().documents(), cut.get(id).digest().documents(), table);
                assertEquals(ranges.get(id).digest().hash(), cut.get(id).digest().hash(), table + ": same documents");
            }
        }
    }

    @Test
    void copyFromASourceWhoseConnectionsAreCutCopiesEveryDocumentOnce() throws Exception {
        String target = sample.newDb("rm_live_to");
        try (FaultProxy proxy = FaultProxy.inFrontOf(sample.server().address())) {
            proxy.cutAfterBytes(1_200_000);
            RestoreOptions options = RestoreOptions.builder().renaming(Renaming.parse(List.of(sample.db() + "=" + target))).build();
            try (LiveSourceReader source = new LiveSourceReader(through(proxy.address()),
                    SMALL_RANGES.withSelection(Selection.parse("-e", List.of(sample.db()))), LiveSourceReader.DEFAULT_QUEUE_BYTES,
                    LiveSourceReader.NO_HOOK)) {
                RunSummary copied = new Restorer(direct(new AtomicInteger()), options, ProgressListener.NONE).restore(source);
                // (on reqlite the tables end INCOMPLETE: it gives no index functions to copy)
                for (TableResult result : copied.tables()) {
                    assertEquals(sample.js().count(sample.db(), result.table().table()), result.documents(), result.toString());
                }
            }
            assertEquals(1, proxy.cuts(), "the proxy cut the source's connections once");
        }
        for (String table : SampleDatabase.SAMPLE_TABLES) {
            List<String> expected = sample.documents(sample.db(), table);
            List<String> actual = sample.documents(target, table);
            assertEquals(sorted(expected), sorted(actual), table + ": every document once, unchanged");
        }
    }

    private ConnectionFactory direct(AtomicInteger logins) {
        ConnectionFactory direct = through(sample.server().address());
        return () -> {
            logins.incrementAndGet();
            return direct.open();
        };
    }

    private ConnectionFactory through(String address) {
        ConnectOptions connect = ConnectOptions.builder().endpoint(Endpoint.parse(address, Endpoint.DEFAULT_PORT))
                .user("admin").password(sample.server().password()).build();
        return () -> Connection.open(connect);
    }

    private static List<String> sorted(List<String> list) {
        List<String> copy = new ArrayList<>(list);
        copy.sort(null);
        return copy;
    }
}
