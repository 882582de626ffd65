package io.rethinkmigrate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rethinkmigrate.model.TableId;
import io.rethinkmigrate.testsupport.ArchiveContents;
import io.rethinkmigrate.testsupport.Canonical;
import io.rethinkmigrate.testsupport.CliResult;
import io.rethinkmigrate.testsupport.CliRunner;
import io.rethinkmigrate.testsupport.FaultProxy;
import io.rethinkmigrate.testsupport.JsDriver;
import io.rethinkmigrate.testsupport.TestServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connections that go silent in the middle of a run (FaultProxy stops passing anything on, in both
 * directions, without closing a socket: a NAT that dropped its state, a host that lost power) are
 * noticed within `--idle-timeout` plus the probe's time; the dump reconnects and resumes, the restore
 * retries its batches, and both end with every document exactly once (the official JS driver's read).
 * A listener that never answers the handshake fails within `--connect-timeout`.
 */
@Timeout(600)
class SilentConnectionIT {
    private static final int IDLE_TIMEOUT_SECONDS = 2;
    /** Every chunk from the server is held this long, so that the silence lands mid-run on any machine. */
    private static final Duration SLOW_LINK = Duration.ofMillis(20);
    private static final List<String> SAMPLE_TABLES = List.of("people", "orders", "empty");

    @TempDir
    Path dir;

    private JsDriver js;
    private String db;

    @AfterEach
    void drop() {
        if (js != null && db != null) {
            js.dropDb(db);
        }
    }

    @Test
    void aListenerThatNeverAnswersTheHandshakeFailsWithinTheConnectTimeout() throws Exception {
        List<Socket> accepted = new CopyOnWriteArrayList<>();
        try (ServerSocket mute = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(mute.accept()); // kept open, never a byte back
                    }
                } catch (java.io.IOException e) {
                    // the test is over
                }
            }, "mute-listener");
            acceptor.setDaemon(true);
            acceptor.start();
            String address = "127.0.0.1:" + mute.getLocalPort();
            List<List<String>> commands = List.of(
                    List.of("dump", "-c", address, "-f", dir.resolve("never.tar.gz").toString(), "--connect-timeout", "1"),
                    List.of("copy", "--from", address, "--to", address, "--connect-timeout", "1"));
            for (List<String> command : commands) {
                long start = System.nanoTime();
                CliResult result = new CliRunner().timeout(Duration.ofSeconds(60)).run(command);
                long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertEquals(3, result.exitCode(), result.describe());
                List<String> errors = result.stderr().lines().filter(l -> l.startsWith("error:")).toList();
                assertEquals(List.of("error: no handshake answer from " + address + " within 1 s (--connect-timeout; "
                        + "is it a RethinkDB server speaking V1_0?)"), errors, result.stderr());
                // the JVM's start included; the default connect timeout would be 20 s
                assertTrue(took < 10_000, command.get(0) + " took " + took + " ms");
            }
            assertTrue(!Files.exists(dir.resolve("never.tar.gz")), "no archive left behind");
        } finally {
            for (Socket s : accepted) {
                s.close();
            }
        }
    }

    @Test
    void aDumpWhoseConnectionsGoSilentResumesWithEveryDocumentOnce() throws Exception {
        TestServer server = TestServer.require();
        js = new JsDriver(server);
        db = TestServer.uniqueName("rm_silent_dump");
        js.loadSample(db, 3000); // people: 3000 documents, orders: 1500, empty
        Path archive = dir.resolve("silent.tar.gz");
        try (FaultProxy proxy = FaultProxy.inFrontOf(server.address())) {
            proxy.delayAnswers(SLOW_LINK);
            proxy.goSilentAfterBytes(600_000); // part of the data, then every open connection goes silent
            long start = System.nanoTime();
            CliResult result = new CliRunner().timeout(Duration.ofMinutes(5)).run(proxied(server, proxy, "dump",
                    "-e", db, "-f", archive.toString(), "--idle-timeout", String.valueOf(IDLE_TIMEOUT_SECONDS)));
            assertEquals(0, result.exitCode(), result.describe());
            assertWentSilentOnce(proxy, "dump", start, result);
        }
        ArchiveContents contents = ArchiveContents.read(archive);
        for (String table : SAMPLE_TABLES) {
            assertSameDocuments(table, js.dump(db, table), contents.documents().get(new TableId(db, table)));
        }
        assertEquals(3000, contents.documents().get(new TableId(db, "people")).size());
    }

    @Test
    void aRestoreWhoseConnectionsGoSilentRetriesWithEveryDocumentOnce() throws Exception {
        TestServer server = TestServer.require();
        js = new JsDriver(server);
        db = TestServer.uniqueName("rm_silent_restore");
        js.loadSample(db, 20_000); // people: 20,000 documents, about 15 MB: 100 insert batches
        Path archive = dir.resolve("silent.tar.gz");
        CliResult dumped = new CliRunner().run(ServerArgs.with(server, "dump", "-e", db, "-f", archive.toString()));
        assertEquals(0, dumped.exitCode(), dumped.describe());
        Map<String, List<String>> before = new LinkedHashMap<>();
        for (String table : SAMPLE_TABLES) {
            before.put(table, js.dump(db, table));
        }
        js.dropDb(db);
        try (FaultProxy proxy = FaultProxy.inFrontOf(server.address())) {
            proxy.delayAnswers(Duration.ofMillis(100));
            // once people is loading, a few more answers go out, then every open connection falls silent
            AtomicBoolean over = new AtomicBoolean();
            Thread silencer = new Thread(() -> {
                while (!over.get() && countOrZero("people") == 0) {
                    Thread.onSpinWait(); // each count is a run of the JS driver: no need to sleep
                }
                if (!over.get()) {
                    proxy.goSilentAfterBytes(600);
                }
            }, "silencer");
            long start = System.nanoTime();
            silencer.start();
            CliResult result = new CliRunner().timeout(Duration.ofMinutes(5)).run(proxied(server, proxy, "restore",
                    archive.toString(), "--clients", "4", "--no-secondary-indexes", // a reqlite dump has no index functions
                    "--idle-timeout", String.valueOf(IDLE_TIMEOUT_SECONDS)));
            over.set(true);
            silencer.join();
            assertEquals(0, result.exitCode(), result.describe());
            assertWentSilentOnce(proxy, "restore", start, result);
            assertTrue(result.stderr().contains("warning: reconnected to " + proxy.address() + " (writer connection"),
                    "the silent writers were replaced: " + result.stderr());
        }
        for (String table : SAMPLE_TABLES) {
            assertSameDocuments(table, before.get(table), js.dump(db, table));
        }
    }

    /** The count of a table of the test database, 0 while it does not exist. */
    private long countOrZero(String table) {
        try {
            return js.count(db, table);
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /** The proxy silenced the run's connections once, mid-run, and the run opened new ones; prints the figures. */
    private static void assertWentSilentOnce(FaultProxy proxy, String run, long startNanos, CliResult result) {
        long end = System.nanoTime();
        assertEquals(1, proxy.silences(), "the connections went silent once during the " + run + ": " + result.stderr());
        assertTrue(proxy.silencedConnections() >= 1, "at least one connection went silent mid-run");
        assertTrue(proxy.accepted() > proxy.silencedConnections(), "the " + run + " reconnected after the silence");
        System.err.printf("SilentConnectionIT: %s ended %.1f s after its connections went silent (--idle-timeout %d; "
                        + "%d connections silenced, %d accepted; whole run %.1f s)%n", run,
                (end - proxy.lastSilenceNanos()) / 1e9, IDLE_TIMEOUT_SECONDS, proxy.silencedConnections(),
                proxy.accepted(), (end - startNanos) / 1e9);
    }

    /** The same documents on both sides, each exactly once, in any order (JS driver forms compared). */
    private static void assertSameDocuments(String table, List<String> expected, List<String> actual) {
        List<String> want = Canonical.canonicalForJsAll(expected).stream().sorted().toList();
        List<String> got = Canonical.canonicalForJsAll(actual).stream().sorted().toList();
        assertEquals(want.size(), got.size(), table + ": document count (a duplicate or a loss)");
        assertEquals(want, got, table + ": documents");
    }

    /** The command with `-c` pointing at the proxy and the test server's password file. */
    private static String[] proxied(TestServer server, FaultProxy proxy, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        List<String> connect = server.connectArgs();
        all.addAll(List.of("-c", proxy.address(), "--password-file", connect.get(connect.indexOf("--password-file") + 1)));
        return all.toArray(String[]::new);
    }
}
