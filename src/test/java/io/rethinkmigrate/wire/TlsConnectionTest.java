package io.rethinkmigrate.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rethinkmigrate.json.Json;
import io.rethinkmigrate.testsupport.RecordedServer;
import io.rethinkmigrate.testsupport.ServerSession;
import io.rethinkmigrate.testsupport.TestCertificates;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** --tls-cert at the wire level: TLS from the first byte, chain checked against the CA file, host name checked. */
@Timeout(120)
class TlsConnectionTest {
    @TempDir
    static Path dir;

    private static TestCertificates.Ca ca;
    private static TestCertificates.Ca otherCa;
    /** Signed by {@link #ca} for IP:127.0.0.1 and DNS:localhost. */
    private static SSLContext loopbackServer;
    /** Signed by {@link #ca}, but for names that are not this machine. */
    private static SSLContext elsewhereServer;

    @BeforeAll
    static void certificates() throws IOException {
        TestCertificates certs = new TestCertificates(dir);
        ca = certs.ca("test-ca");
        otherCa = certs.ca("other-ca");
        loopbackServer = certs.server("loopback", ca, "ip:127.0.0.1,dns:localhost");
        elsewhereServer = certs.server("elsewhere", ca, "dns:other.example,ip:10.1.2.3");
    }

    private static ConnectOptions.Builder options(Endpoint endpoint, Path caFile) {
        return ConnectOptions.builder().endpoint(endpoint).tlsCaFile(caFile).connectTimeout(Duration.ofSeconds(10));
    }

    @Test
    void trustedCertificateForTheIpAddressConnectsAndRunsQueries() throws Exception {
        try (RecordedServer server = RecordedServer.startTls(loopbackServer);
             Connection c = Connection.open(options(server.endpoint(), ca.pem()).build())) {
            assertEquals(ServerSession.SERVER_VERSION, c.serverVersion());
            assertEquals(Json.parse("[\"edge\",\"emptydb\",\"rethinkdb\",\"shop\",\"test\"]"), c.run(Term.dbList()));
            server.assertAllAnswered();
        }
    }

    @Test
    void hostNameInTheDnsSanAndTheLegacyHandshakeWorkToo() throws Exception {
        try (RecordedServer server = RecordedServer.startTls(loopbackServer)) {
            Endpoint byName = new Endpoint("localhost", server.endpoint().port());
            try (Connection c = Connection.open(options(byName, ca.pem()).build())) {
                assertEquals(5, c.run(Term.dbList()).size());
            }
            try (Connection c = Connection.open(options(server.endpoint(), ca.pem()).authKey("").build())) {
                assertNull(c.serverVersion());
                assertEquals(5, c.run(Term.dbList()).size());
            }
            server.assertAllAnswered();
        }
    }

    @Test
    void certificateFromAnotherCaIsNotTrusted() throws Exception {
        try (RecordedServer server = RecordedServer.startTls(loopbackServer)) {
            ReqlConnectionException e = assertThrows(ReqlConnectionException.class,
                    () -> Connection.open(options(server.endpoint(), otherCa.pem()).build()));
            assertOneLine(e.getMessage());
            assertTrue(e.getMessage().contains("127.0.0.1:" + server.endpoint().port()), e.getMessage());
            assertTrue(e.getMessage().contains("not trusted"), e.getMessage());
            assertEquals(0, server.queries().size(), "nothing sent in the clear or otherwise");
        }
    }

    @Test
    void certificateForOtherNamesDoesNotMatchTheHostName() throws Exception {
        try (RecordedServer server = RecordedServer.startTls(elsewhereServer)) {
            int port = server.endpoint().port();
            ReqlConnectionException byName = assertThrows(ReqlConnectionException.class,
                    () -> Connection.open(options(new Endpoint("localhost", port), ca.pem()).build()));
            assertOneLine(byName.getMessage());
            assertTrue(byName.getMessage().contains("localhost:" + port), byName.getMessage());
            assertTrue(byName.getMessage().contains("does not match the host name localhost"), byName.getMessage());

            ReqlConnectionException byIp = assertThrows(ReqlConnectionException.class,
                    () -> Connection.open(options(server.endpoint(), ca.pem()).build()));
            assertTrue(byIp.getMessage().contains("does not match the host name 127.0.0.1"), byIp.getMessage());
        }
    }

    @Test
    void plainServerIsReportedAsNotSpeakingTls() throws Exception {
        try (RecordedServer server = RecordedServer.start()) {
            ReqlConnectionException e = assertThrows(ReqlConnectionException.class,
                    () -> Connection.open(options(server.endpoint(), ca.pem()).build()));
            assertOneLine(e.getMessage());
            assertTrue(e.getMessage().startsWith("TLS handshake with " + server.endpoint() + " failed"), e.getMessage());
        }
    }

    @Test
    void silentServerTimesOutWithinTheConnectTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try (Socket ignored = silent.accept()) {
                    Thread.sleep(10_000);
                } catch (IOException | InterruptedException ignored) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            Endpoint endpoint = new Endpoint("127.0.0.1", silent.getLocalPort());
            long start = System.nanoTime();
            ReqlConnectionException e = assertThrows(ReqlConnectionException.class,
                    () -> Connection.open(options(endpoint, ca.pem()).connectTimeout(Duration.ofMillis(300)).build()));
            assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 5_000);
            assertTrue(e.getMessage().contains("timed out after 300 ms"), e.getMessage());
            assertTrue(e.getMessage().contains(endpoint.toString()), e.getMessage());
            acceptor.interrupt();
        }
    }

    @Test
    void unusableCaFileIsAConnectionErrorNamingTheFile() throws Exception {
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "not a certificate\n");
        try (RecordedServer server = RecordedServer.startTls(loopbackServer)) {
            ReqlConnectionException e = assertThrows(ReqlConnectionException.class,
                    () -> Connection.open(options(server.endpoint(), garbage).build()));
            assertOneLine(e.getMessage());
            assertTrue(e.getMessage().contains(garbage.toString()), e.getMessage());
        }
    }

    @Test
    void toStringShowsTheCaFile() {
        ConnectOptions o = options(new Endpoint("db", 28015), Path.of("/etc/ca.pem")).password("secret").build();
        assertTrue(o.toString().contains("tlsCaFile=/etc/ca.pem"), o.toString());
        assertTrue(!o.toString().contains("secret"), o.toString());
    }

    private static void assertOneLine(String message) {
        assertEquals(1, message.strip().lines().count(), message);
    }
}
