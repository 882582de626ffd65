package io.rethinkmigrate.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rethinkmigrate.wire.Connection;
import io.rethinkmigrate.wire.ConnectOptions;
import io.rethinkmigrate.wire.Endpoint;
import io.rethinkmigrate.wire.ReqlConnectionException;
import io.rethinkmigrate.wire.Term;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class FaultProxyIT {

    @Test
    void forwardsQueriesAndCutsConnectionsOnceArmed() throws Exception {
        TestServer server = TestServer.require();
        try (FaultProxy proxy = FaultProxy.inFrontOf(server.address())) {
            ConnectOptions options = ConnectOptions.builder()
                    .endpoint(Endpoint.parse(proxy.address(), Endpoint.DEFAULT_PORT))
                    .user("admin").password(server.password()).build();
            try (Connection connection = Connection.open(options)) {
                assertTrue(connection.run(Term.dbList()).isArray(), "db_list through the proxy");
                proxy.cutAfterBytes(1);
                assertThrows(ReqlConnectionException.class, () -> {
                    for (int i = 0; i < 100; i++) {
                        connection.run(Term.dbList());
                    }
                });
            }
            assertEquals(1, proxy.cuts());
            try (Connection again = Connection.open(options)) {
                assertTrue(again.run(Term.dbList()).isArray(), "a new connection works after the cut");
            }
            assertEquals(2, proxy.accepted());
        }
    }
}
