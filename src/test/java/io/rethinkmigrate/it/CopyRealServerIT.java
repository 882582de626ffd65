package io.rethinkmigrate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rethinkmigrate.json.RawJson;
import io.rethinkmigrate.testsupport.Canonical;
import io.rethinkmigrate.testsupport.CliResult;
import io.rethinkmigrate.testsupport.CliRunner;
import io.rethinkmigrate.testsupport.Fixtures;
import io.rethinkmigrate.testsupport.JsDriver;
import io.rethinkmigrate.testsupport.TestServer;
import io.rethinkmigrate.wire.Connection;
import io.rethinkmigrate.wire.GlobalOptions;
import io.rethinkmigrate.wire.Term;
import io.rethinkmigrate.wire.TermType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `copy` where only a real server can show it: indexes rebuilt from the functions the source gives and
 * the write hook carried over (plain copy: after the data, as a restore; with --follow: when following
 * stops, so that it rewrites none of the replicated documents). The official fixture's `shop` is
 * restored under a throwaway name first.
 */
class CopyRealServerIT {
    @TempDir
    Path dir;

    private TestServer server;
    private JsDriver js;
    private final List<String> created = new ArrayList<>();
    private String src;

    @BeforeEach
    void restoreTheFixtureShop() {
        server = TestServer.requireRealServer("give index functions or set write hooks");
        js = new JsDriver(server);
        src = newDb("rm_cpr");
        CliResult restore = new CliRunner().timeout(Duration.ofMinutes(10)).run(ServerArgs.with(server, "restore",
                Fixtures.officialDump().toString(), "-i", "shop", "--rename", "shop=" + src, "-q"));
        assertEquals(0, restore.exitCode(), restore.describe());
    }

    @AfterEach
    void dropEverythingCreated() {
        if (js != null) {
            created.forEach(js::dropDb);
        }
    }

    private String newDb(String prefix) {
        String name = TestServer.uniqueName(prefix);
        created.add(name);
        return name;
    }

    private String[] copy(String... args) {
        return CopySides.copy(server, server.address(), server, server.address(), dir, args);
    }

    private JsonNode hookQuery(String db, String table) {
        try (Connection c = CopySides.connect(server)) {
            JsonNode hook = c.run(Term.db(db).table(table).getWriteHook(), GlobalOptions.none().rawFormats());
            return hook == null || hook.isNull() ? null : hook.get("query");
        }
    }

    @Test
    void aPlainCopyKeepsIndexesAndTheWriteHook() {
        String dst = newDb("rm_cpr");
        CliResult copy = new CliRunner().timeout(Duration.ofMinutes(10)).run(copy("-e", src, "--rename", src + "=" + dst, "-q"));
        assertEquals(0, copy.exitCode(), copy.describe());
        for (String table : List.of("customers", "orders", "empty_table")) {
            assertEquals(Canonical.canonicalForJsAll(js.dump(src, table)), Canonical.canonicalForJsAll(js.dump(dst, table)), table);
            assertEquals(js.indexes(src, table), js.indexes(dst, table), table + " indexes");
        }
        assertTrue(hookQuery(src, "customers") != null, "the source has a hook");
        assertEquals(hookQuery(src, "customers"), hookQuery(dst, "customers"), "the hook is copied");
    }

    @Test
    void followingSetsTheWriteHookOnlyWhenItStops() throws Exception {
        String dst = newDb("rm_cpr");
        AtomicBoolean stop = new AtomicBoolean();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            Random random = new Random(3);
            Term table = Term.db(src).table("customers");
            try (Connection c = CopySides.connect(server)) {
                for (int n = 0; !stop.get(); n++) {
                    String key = "\"w" + random.nextInt(50) + "\"";
                    if (random.nextInt(3) == 0) {
                        c.run(Term.of(TermType.GET, List.of(table, Term.datum(io.rethinkmigrate.json.Json.parse(key))),
                                Map.of()).delete());
                    } else {
                        c.run(table.insert(Term.json(RawJson.of("{\"id\":" + key + ",\"n\":" + n + "}")),
                                Map.of("conflict", "replace")));
                    }
                    Thread.sleep(5);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        CompletableFuture<CliResult> running = CompletableFuture.supplyAsync(() -> new CliRunner()
                .timeout(Duration.ofMinutes(10)).run(copy("-e", src + ".customers", "--rename", src + "=" + dst,
                        "--follow", "--until-idle", "3", "--progress", "plain")));
        Thread.sleep(8_000);
        stop.set(true);
        writer.get(1, TimeUnit.MINUTES);
        CliResult copy = running.get(10, TimeUnit.MINUTES);
        assertEquals(0, copy.exitCode(), copy.describe());
        assertTrue(copy.stderr().contains("write hook set"), copy.describe());
        assertEquals(Canonical.canonicalForJsAll(js.dump(src, "customers")),
                Canonical.canonicalForJsAll(js.dump(dst, "customers")),
                "every document as the source has it (the target's hook rewrote none): " + copy.describe());
        assertEquals(hookQuery(src, "customers"), hookQuery(dst, "customers"));
    }
}
