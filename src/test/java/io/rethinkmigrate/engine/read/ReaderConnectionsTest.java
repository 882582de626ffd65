package io.rethinkmigrate.engine.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rethinkmigrate.testsupport.RecordedServer;
import io.rethinkmigrate.wire.Connection;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The dump's readers keep their connections from one range to the next (RecordedServer: real handshakes). */
class ReaderConnectionsTest {

    @Test
    void aConnectionGivenBackIsTheNextOneHandedOutWithoutANewLogin() throws Exception {
        try (RecordedServer server = RecordedServer.start()) {
            AtomicInteger logins = new AtomicInteger();
            try (ReaderConnections readers = new ReaderConnections(() -> {
                logins.incrementAndGet();
                return Connection.open(server.options());
            })) {
                Connection first = readers.open();
                Connection second = readers.open(); // both in use at once: two connections
                assertNotSame(first, second);
                readers.release(first);
                assertSame(first, readers.open(), "the idle connection is reused");
                readers.release(first);
                readers.release(second);
                readers.open();
                readers.open();
                assertEquals(2, logins.get(), "four ranges, at most two at once: two logins");
            }
        }
    }

    @Test
    void aBrokenConnectionIsClosedNotKept() throws Exception {
        try (RecordedServer server = RecordedServer.start();
             ReaderConnections readers = new ReaderConnections(() -> Connection.open(server.options()))) {
            Connection broken = readers.open();
            broken.close();
            readers.release(broken);
            Connection next = readers.open();
            assertNotSame(broken, next, "a closed connection is never handed out again");
            assertTrue(next.isOpen());
            next.close();
        }
    }

    @Test
    void closingClosesTheIdleConnectionsAndThoseGivenBackLater() throws Exception {
        try (RecordedServer server = RecordedServer.start()) {
            ReaderConnections readers = new ReaderConnections(() -> Connection.open(server.options()));
            Connection idle = readers.open();
            Connection stillReading = readers.open();
            readers.release(idle);
            readers.close();
            assertFalse(idle.isOpen(), "idle connections are closed with the run");
            assertTrue(stillReading.isOpen());
            readers.release(stillReading); // a reader that finished after the run ended (e.g. on a failure)
            assertFalse(stillReading.isOpen(), "given back after the end: closed, not kept");
        }
    }
}
