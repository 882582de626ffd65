package io.rethinkmigrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rethinkmigrate.testsupport.RecordedServer;
import io.rethinkmigrate.testsupport.TestCertificates;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code --tls-cert} reaches the wire: the CLI talks TLS to a TLS driver port and refuses an untrusted one. */
@Timeout(120)
class CliTlsTest {
    @TempDir
    static Path dir;

    private static TestCertificates.Ca ca;
    private static TestCertificates.Ca otherCa;
    private static SSLContext server;

    @BeforeAll
    static void certificates() throws Exception {
        TestCertificates certs = new TestCertificates(dir);
        ca = certs.ca("cli-ca");
        otherCa = certs.ca("cli-other-ca");
        server = certs.server("cli-server", ca, "ip:127.0.0.1");
    }

    @Test
    void dumpTalksTlsWithTheGivenCa() throws Exception {
        try (RecordedServer tls = RecordedServer.startTls(server)) {
            // the recording has no full dump; what matters is that queries arrived over TLS
            InProcessCli.Outcome o = InProcessCli.run("dump", "--tls-cert", ca.pem().toString(),
                    "-c", tls.endpoint().toString(), "-e", "shop.customers", "-f", dir.resolve("out.tar.gz").toString(), "-q");
            assertTrue(tls.queries().contains("[1,[59,[]],{}]"), "db_list was sent over TLS: " + tls.queries() + "\n" + o.err());
            assertFalse(o.err().contains("TLS"), o.err());
        }
    }

    @Test
    void untrustedServerIsConnectionError() throws Exception {
        try (RecordedServer tls = RecordedServer.startTls(server)) {
            Path file = dir.resolve("refused.tar.gz");
            InProcessCli.Outcome o = InProcessCli.run("dump", "--tls-cert", otherCa.pem().toString(),
                    "-c", tls.endpoint().toString(), "-f", file.toString(), "-q");
            assertEquals(3, o.code(), o.err());
            assertEquals(1, o.err().strip().lines().count(), "one line: " + o.err());
            assertTrue(o.err().contains(tls.endpoint().toString()) && o.err().contains("not trusted"), o.err());
            assertFalse(file.toFile().exists(), "no archive left behind");
        }
    }
}
