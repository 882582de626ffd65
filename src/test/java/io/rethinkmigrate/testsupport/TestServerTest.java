package io.rethinkmigrate.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TestServerTest {
    @Test
    void parsesHostPort() {
        TestServer s = TestServer.parse("127.0.0.1:29015", null, false);
        assertEquals("127.0.0.1", s.host());
        assertEquals(29015, s.port());
        assertEquals("127.0.0.1:29015", s.address());
        assertEquals("", s.password());
        assertTrue(s.isReqlite());
        TestServer v6 = TestServer.parse("[::1]:28015", "pw", true);
        assertEquals("::1", v6.host());
        assertEquals("[::1]:28015", v6.address());
        assertFalse(v6.isReqlite());
        assertEquals("pw", v6.password());
    }

    @Test
    void rejectsBadAddresses() {
        assertThrows(IllegalArgumentException.class, () -> TestServer.parse("localhost", null, false));
        assertThrows(IllegalArgumentException.class, () -> TestServer.parse("localhost:x", null, false));
        assertThrows(IllegalArgumentException.class, () -> TestServer.parse("localhost:0", null, false));
    }

    @Test
    void uniqueNames() {
        String a = TestServer.uniqueName("my-test db");
        assertTrue(a.matches("my_test_db_[a-z0-9]{10}"), a);
        assertNotEquals(a, TestServer.uniqueName("my-test db"));
        assertTrue(TestServer.uniqueName("").matches("[A-Za-z0-9_]+"));
    }
}
