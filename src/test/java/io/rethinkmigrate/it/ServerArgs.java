package io.rethinkmigrate.it;

import io.rethinkmigrate.testsupport.TestServer;
import java.util.List;

/** A command line for the product that reaches the test server with its test user and password. */
final class ServerArgs {
    private ServerArgs() {
    }

    static String[] with(TestServer server, String... args) {
        return server.commandLine(args);
    }

    /**
     * Fails unless the databases are absent: tests that restore the official fixture create them and
     * must never write into a real server's existing data.
     */
    static void requireAbsent(TestServer server, List<String> tables, List<String> databases) {
        for (String db : databases) {
            if (tables.stream().anyMatch(t -> t.startsWith(db + "."))) {
                org.junit.jupiter.api.Assertions.fail("database `" + db + "` already exists on " + server.address()
                        + ": this test restores the official fixture into it and will not touch existing data");
            }
        }
    }
}
