package io.rethinkmigrate.engine.restore;

import static io.rethinkmigrate.engine.restore.RecordedRestoreSupport.insertedDocuments;
import static io.rethinkmigrate.engine.restore.RecordedRestoreSupport.registerTable;
import static io.rethinkmigrate.engine.restore.RecordedRestoreSupport.tables;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rethinkmigrate.archive.ArchiveReader;
import io.rethinkmigrate.archive.tar.ArchiveReaderOptions;
import io.rethinkmigrate.archive.tar.OfficialArchiveReader;
import io.rethinkmigrate.engine.RetryPolicy;
import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;
import io.rethinkmigrate.json.Json;
import io.rethinkmigrate.model.TableId;
import io.rethinkmigrate.progress.ProgressListener;
import io.rethinkmigrate.progress.RunSummary;
import io.rethinkmigrate.progress.TableResult;
import io.rethinkmigrate.testsupport.Canonical;
import io.rethinkmigrate.testsupport.Fixtures;
import io.rethinkmigrate.testsupport.RecordedServer;
import io.rethinkmigrate.wire.Connection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retries of the restore against the real server's recorded answers: an insert refused with the
 * server's OP_FAILED runtime error (a primary replica not available, as while a table is being
 * reconfigured or a server restarts) is sent again with `conflict: replace`; a query error that no
 * retry can fix is not retried; and a table that stays unavailable fails naming how far it got.
 */
@Timeout(120)
class RestoreRetryRecordedTest {
    private static final TableId ORDERS = new TableId("shop", "orders");
    private static final RetryPolicy QUICK = new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(40));

    @TempDir
    Path dir;

    /** The server's runtime error frame (RUNTIME_ERROR, {@code e} of the given type) in the recorded style. */
    private static JsonNode runtimeError(int errorType, String message) {
        ObjectNode frame = Fixtures.answer("error: missing table").get("frames").get(0).deepCopy();
        frame.put("e", errorType);
        frame.putArray("r").add(message);
        return frame;
    }

    private static final int OP_FAILED = 4100000;
    private static final int QUERY_LOGIC = 3000000;
    private static final String UNAVAILABLE = "Cannot perform write: primary replica for shard [\"\", +inf) not available";

    /** {@link RecordedRestoreSupport#freshServer()} that also creates table shop.orders. */
    private static RecordedServer freshServer() throws Exception {
        RecordedServer server = RecordedRestoreSupport.freshServer();
        registerTable(server, ORDERS);
        return server;
    }

    private RunSummary restore(RecordedServer server, List<String> warnings) throws Exception {
        Path archive = RecordedRestoreSupport.writeArchive(dir, tables(ORDERS, 4));
        RestoreOptions options = RestoreOptions.builder().clients(2).batches(1, 1024 * 1024).retry(QUICK).build();
        ProgressListener listener = new ProgressListener() {
            @Override
            public void warning(String message) {
                warnings.add(message);
            }
        };
        Restorer restorer = new Restorer(() -> Connection.open(server.options()), options, listener);
        try (ArchiveReader reader = OfficialArchiveReader.open(archive, ArchiveReaderOptions.defaults())) {
            return restorer.restore(reader);
        }
    }

    private record Outcome(TableResult orders, List<String> queries) {
    }

    /** Restores four documents into shop.orders, every insert answered by {@code answer}. */
    private Outcome restoreOrders(List<String> warnings, Function<JsonNode, List<JsonNode>> answer) throws Exception {
        try (RecordedServer server = freshServer()) {
            server.answerWhen(q -> q.get(1).get(0).asInt() == 56, Duration.ZERO, answer);
            RunSummary summary = restore(server, warnings);
            return new Outcome(summary.tables().get(0), server.queries());
        }
    }

    @Test
    void insertRefusedWhileThePrimaryIsUnavailableIsRetriedWithReplace() throws Exception {
        List<String> written = Collections.synchronizedList(new ArrayList<>());
        List<String> inserts = Collections.synchronizedList(new ArrayList<>());
        List<String> warnings = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger calls = new AtomicInteger();
        TableResult orders = restoreOrders(warnings, q -> {
            inserts.add(Json.write(q));
            if (calls.incrementAndGet() == 2) {
                return List.of(runtimeError(OP_FAILED, UNAVAILABLE));
            }
            written.addAll(insertedDocuments(q));
            return List.of(RecordedServer.insertResult(1));
        }).orders();
        assertEquals(TableResult.Status.DONE, orders.status(), String.valueOf(orders.error()));
        assertEquals(4, orders.documents(), "each document counted once");
        assertEquals(5, inserts.size(), "four batches and one retry");
        assertEquals(sorted(RecordedRestoreSupport.officialDocuments(ORDERS, 4)), sorted(written),
                "every document of the archive written, none twice");
        long replaced = inserts.stream().filter(q -> q.contains("\"conflict\":\"replace\"")).count();
        assertEquals(1, replaced, "only the retry replaces: " + inserts);
        assertTrue(warnings.stream().anyMatch(w -> w.contains("shop.orders") && w.contains("retry 1 of 2")
                && w.contains("not available")), warnings.toString());
    }

    /**
     * The control connection dropped while the table is created and again while its indexes are awaited
     * (the long wait of a big table's index build): each step runs again on a reopened connection, the
     * create after looking whether the table is there, and the table ends complete.
     */
    @Test
    void aControlConnectionLostMidStepIsReopenedAndTheStepRunAgain() throws Exception {
        List<String> warnings = Collections.synchronizedList(new ArrayList<>());
        TableResult orders;
        List<String> queries;
        try (RecordedServer server = freshServer()) {
            server.answerWhen(q -> q.get(1).get(0).asInt() == 56, Duration.ZERO, q -> List.of(RecordedServer.insertResult(1)));
            server.answer(RecordedRestoreSupport.tableList("shop"), List.of(RecordedServer.atom("[]")));
            String create = RecordedRestoreSupport.tableCreate(ORDERS, "order_no");
            String indexWait = RecordedRestoreSupport.indexWait(ORDERS, RecordedRestoreSupport.indexNames(ORDERS));
            server.hangUpOnce(create).hangUpOnce(indexWait);
            orders = restore(server, warnings).tables().get(0);
            queries = server.queries();
            assertEquals(5, server.connectionCount(), "the control connection opened twice more, the writers kept theirs"
                    + " (2 writers + 3 control): " + server.connectionCount());
            assertEquals(2, queries.stream().filter(create::equals).count(), "created again after the lost connection");
            assertEquals(1, queries.stream().filter(RecordedRestoreSupport.tableList("shop")::equals).count(),
                    "looked for the table before creating it again");
            assertEquals(2, queries.stream().filter(indexWait::equals).count(), "indexes awaited again");
        }
        assertEquals(TableResult.Status.DONE, orders.status(), String.valueOf(orders.error()));
        assertEquals(4, orders.documents());
        assertEquals(RecordedRestoreSupport.indexNames(ORDERS).size(), orders.indexes());
        assertTrue(warnings.stream().anyMatch(w -> w.contains("shop.orders: connection lost while creating it")), warnings.toString());
        assertTrue(warnings.stream().anyMatch(w -> w.contains("connection lost while restoring its indexes")), warnings.toString());
    }

    @Test
    void aTableThatStaysUnavailableFailsSayingHowFarItGot() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        List<String> warnings = Collections.synchronizedList(new ArrayList<>());
        Outcome outcome = restoreOrders(warnings, q ->
                List.of(calls.incrementAndGet() == 1 ? RecordedServer.insertResult(1) : runtimeError(OP_FAILED, UNAVAILABLE)));
        assertTrue(outcome.queries().stream().noneMatch(q -> q.startsWith("[1,[75,")), "no index on a failed table");
        TableResult orders = outcome.orders();
        assertEquals(TableResult.Status.FAILED, orders.status());
        assertEquals(1, orders.documents());
        assertTrue(orders.error().contains("table shop.orders: a batch failed 3 times (--retries 2) after 1 documents "
                + "were acknowledged"), orders.error());
        assertTrue(orders.error().contains("not available"), orders.error());
    }

    @Test
    void aQueryErrorIsNotRetried() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        List<String> warnings = Collections.synchronizedList(new ArrayList<>());
        TableResult orders = restoreOrders(warnings, q -> {
            calls.incrementAndGet();
            return List.of(runtimeError(QUERY_LOGIC, "Expected type OBJECT but found NUMBER."));
        }).orders();
        assertEquals(TableResult.Status.FAILED, orders.status());
        assertTrue(calls.get() <= 2, "no retries, at most the batches already in flight: " + calls.get());
        assertTrue(warnings.stream().noneMatch(w -> w.contains("retry")), warnings.toString());
    }

    @Test
    void transientErrorsAreTellApartByType() {
        assertTrue(RetryPolicy.isTransient(new io.rethinkmigrate.wire.ReqlConnectionException("connection broken")));
        assertTrue(RetryPolicy.isTransient(new java.util.concurrent.CompletionException(
                new io.rethinkmigrate.wire.ReqlConnectionException("connection broken"))));
        assertTrue(!RetryPolicy.isTransient(new MigrateException(ErrorKind.SERVER, "refused")));
        assertTrue(!RetryPolicy.isTransient(new MigrateException(ErrorKind.AUTHENTICATION, "wrong password")));
        RetryPolicy policy = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofMillis(1000));
        assertTrue(policy.backoff(1).toMillis() >= 75 && policy.backoff(1).toMillis() <= 100);
        assertTrue(policy.backoff(3).toMillis() >= 300 && policy.backoff(3).toMillis() <= 400);
        assertTrue(policy.backoff(10).toMillis() >= 750 && policy.backoff(10).toMillis() <= 1000, "capped");
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(-1, Duration.ZERO, Duration.ZERO));
    }

    private static List<String> sorted(List<String> docs) {
        return docs.stream().map(Canonical::canonical).sorted().toList();
    }
}
