package io.rethinkmigrate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.rethinkmigrate.testsupport.Canonical;
import io.rethinkmigrate.testsupport.CliResult;
import io.rethinkmigrate.testsupport.CliRunner;
import io.rethinkmigrate.testsupport.Fixtures;
import io.rethinkmigrate.testsupport.JsDriver;
import io.rethinkmigrate.testsupport.OfficialTool;
import io.rethinkmigrate.testsupport.TestServer;
import io.rethinkmigrate.wire.Connection;
import io.rethinkmigrate.wire.GlobalOptions;
import io.rethinkmigrate.wire.Term;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drop-in promise, both ways, with the official Python tools as the peer: the official restore
 * reads a default (gzip) {@code rethink-migrate dump} and gives back every document, index and write
 * hook; our restore does the same with an official dump. The official fixture's {@code shop} (TIME,
 * BINARY, GEOMETRY, five kinds of index, a write hook) is restored under a throwaway name first; each
 * way dumps it, drops it and restores it, then compares with what the server held before.
 */
class OfficialToolRoundTripIT {
    private static final List<String> TABLES = List.of("customers", "orders", "empty_table");
    private static final Duration RUN = Duration.ofMinutes(10);

    @TempDir
    Path dir;

    private TestServer server;
    private JsDriver js;
    private OfficialTool official;
    private String db;

    @BeforeEach
    void restoreTheFixtureShop() {
        server = TestServer.requireRealServer("keep the write hooks and index functions the official tools save");
        official = OfficialTool.require();
        js = new JsDriver(server);
        db = TestServer.uniqueName("rm_official");
        CliResult restore = new CliRunner().timeout(RUN).run(ServerArgs.with(server, "restore",
                Fixtures.officialDump().toString(), "-i", "shop", "--rename", "shop=" + db, "-q"));
        assertEquals(0, restore.exitCode(), restore.describe());
    }

    @AfterEach
    void dropTheDatabase() {
        if (js != null && db != null) {
            js.dropDb(db);
        }
    }

    @Test
    void theOfficialRestoreReadsOurDefaultDumpWhole() {
        Map<String, Object> before = contents();
        Path archive = dir.resolve("ours.tar.gz");
        CliResult dump = new CliRunner().timeout(RUN).run(ServerArgs.with(server, "dump", "-e", db, "-f",
                archive.toString(), "-q"));
        assertEquals(0, dump.exitCode(), dump.describe());
        js.dropDb(db);
        CliResult restore = official.run(RUN, "restore", officialArgs(archive.toString()));
        assertEquals(0, restore.exitCode(), "official restore of our dump: " + restore.describe());
        assertEquals(before, contents(), "what the official restore gave back from our archive");
    }

    @Test
    void ourRestoreReadsTheOfficialDumpWhole() {
        Map<String, Object> before = contents();
        Path archive = dir.resolve("official.tar.gz");
        CliResult dump = official.run(RUN, "dump", officialArgs("-e", db, "-f", archive.toString()));
        assertEquals(0, dump.exitCode(), "official dump: " + dump.describe());
        js.dropDb(db);
        CliResult restore = new CliRunner().timeout(RUN).run(ServerArgs.with(server, "restore", archive.toString(), "-q"));
        assertEquals(0, restore.exitCode(), restore.describe());
        assertEquals(before, contents(), "what our restore gave back from the official archive");
    }

    /** The official tools take the same -c and --password-file as ours. */
    private String[] officialArgs(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(server.connectArgs());
        return all.toArray(String[]::new);
    }

    /** Per table: the documents (as the JS driver reads them), the index names and the write hook's query. */
    private Map<String, Object> contents() {
        Map<String, Object> all = new LinkedHashMap<>();
        for (String table : TABLES) {
            all.put(table + " documents", Canonical.canonicalForJsAll(js.dump(db, table)));
            all.put(table + " indexes", js.indexes(db, table));
            all.put(table + " write hook", hookQuery(table));
        }
        assertNotNull(all.get("customers write hook"), "the fixture's customers table has a write hook");
        return all;
    }

    private String hookQuery(String table) {
        try (Connection c = CopySides.connect(server)) {
            JsonNode hook = c.run(Term.db(db).table(table).getWriteHook(), GlobalOptions.none().rawFormats());
            return hook == null || hook.isNull() ? null : hook.get("query").asText();
        }
    }
}
