package io.rethinkmigrate.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class EndpointTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "localhost|localhost|28015|localhost:28015",
        "db.example.com:29015|db.example.com|29015|db.example.com:29015",
        "10.0.0.1:1|10.0.0.1|1|10.0.0.1:1",
        "[::1]:29015|::1|29015|[::1]:29015",
        "[::1]|::1|28015|[::1]:28015",
        "::1|::1|28015|[::1]:28015",
        "fe80::1:2|fe80::1:2|28015|[fe80::1:2]:28015",
        "' host:65535 '|host|65535|host:65535",
    })
    void parses(String spec, String host, int port, String shown) {
        Endpoint e = Endpoint.parse(spec, Endpoint.DEFAULT_PORT);
        assertEquals(host, e.host());
        assertEquals(port, e.port());
        assertEquals(shown, e.toString());
        assertEquals(e, Endpoint.parse(e.toString(), 1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", ":28015", "host:", "host:abc", "host:0", "host:65536", "[::1", "[]:1",
        "[::1]x", "[::1]:", "ho st:1", "host:-1"})
    void rejects(String spec) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Endpoint.parse(spec, 28015));
        assertFalse(e.getMessage().isBlank());
    }

    @Test
    void rejectsNull() {
        assertThrows(IllegalArgumentException.class, () -> Endpoint.parse(null, 28015));
    }

    @Test
    void usesGivenDefaultPort() {
        assertEquals(new Endpoint("h", 123), Endpoint.parse("h", 123));
    }

    @Test
    void connectOptionsDefaultsAndSecrecy() {
        ConnectOptions o = ConnectOptions.builder().endpoint(Endpoint.parse("h:1", 28015))
                .password("topsecret-pw").build();
        assertEquals("admin", o.user());
        assertEquals(Duration.ofSeconds(20), o.connectTimeout());
        assertTrue(o.tcpKeepAlive());
        assertTrue(o.tcpNoDelay());
        assertFalse(o.usesLegacyHandshake());
        assertFalse(o.toString().contains("topsecret-pw"));
        ConnectOptions legacy = o.toBuilder().authKey("the-auth-key").build();
        assertTrue(legacy.usesLegacyHandshake());
        assertFalse(legacy.toString().contains("the-auth-key"));
        assertFalse(legacy.toString().contains("topsecret-pw"));
        assertEquals("", ConnectOptions.builder().build().password());
    }
}
