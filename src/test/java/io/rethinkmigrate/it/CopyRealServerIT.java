package io.rethinkmigrate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rethinkmigrate.json.RawJson;
import io.rethinkmigrate.testsupport.CliResult;
import io.rethinkmigrate.testsupport.CliRunner;
import io.rethinkmigrate.testsupport.SampleDatabase;
import io.rethinkmigrate.wire.Connection;
import io.rethinkmigrate.wire.GlobalOptions;
import io.rethinkmigrate.wire.Term;
import io.rethinkmigrate.wire.TermType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * `copy` where only a real server can show it: indexes rebuilt from the functions the source gives and
 * the write hook carried over (plain copy: after the data, as a restore; with --follow: when following
 * stops, so that it rewrites none of the replicated documents). The official fixture's `shop` is
 * restored under a throwaway name first.
 */
class CopyRealServerIT {
    @RegisterExtension
    final SampleDatabase sample = SampleDatabase.officialShop("rm_cpr")
            .realServerOnly("give index functions or set write hooks");

    @TempDir
    Path dir;

    @BeforeEach
    void shopRestored() {
        assertEquals(0, sample.restore().exitCode(), sample.restore().describe());
    }

    private String[] copy(String... args) {
        return CopySides.copy(sample.server(), sample.server().address(), sample.server(), sample.server().address(), dir, args);
    }

    private JsonNode hookQuery(String db, String table) {
        try (Connection c = CopySides.connect(sample.server())) {
            JsonNode hook = c.run(Term.db(db).table(table).getWriteHook(), GlobalOptions.none().rawFormats());
            return hook == null || hook.isNull() ? null : hook.get("query");
        }
    }

    @Test
    void aPlainCopyKeepsIndexesAndTheWriteHook() {
        String dst = sample.newDb("rm_cpr");
        CliResult copy = new CliRunner().timeout(Duration.ofMinutes(10)).run(copy("-e", sample.db(), "--rename", sample.db() + "=" + dst, "-q"));
        assertEquals(0, copy.exitCode(), copy.describe());
        for (String table : List.of("customers", "orders", "empty_table")) {
            assertEquals(sample.documents(sample.db(), table), sample.documents(dst, table), table);
            assertEquals(sample.js().indexes(sample.db(), table), sample.js().indexes(dst, table), table + " indexes");
        }
        assertTrue(hookQuery(sample.db(), "customers") != null, "the source has a hook");
        assertEquals(hookQuery(sample.db(), "customers"), hookQuery(dst, "customers"), "the hook is copied");
    }

    @Test
    void followingSetsTheWriteHookOnlyWhenItStops() throws Exception {
        String dst = sample.newDb("rm_cpr");
        AtomicBoolean stop = new AtomicBoolean();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            Random random = new Random(3);
            Term table = Term.db(sample.db()).table("customers");
            try (Connection c = CopySides.connect(sample.server())) {
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
                .timeout(Duration.ofMinutes(10)).run(copy("-e", sample.db() + ".customers", "--rename", sample.db() + "=" + dst,
                        "--follow", "--until-idle", "3", "--progress", "plain")));
        Thread.sleep(8_000);
        stop.set(true);
        writer.get(1, TimeUnit.MINUTES);
        CliResult copy = running.get(10, TimeUnit.MINUTES);
        assertEquals(0, copy.exitCode(), copy.describe());
        assertTrue(copy.stderr().contains("write hook set"), copy.describe());
        assertEquals(sample.documents(sample.db(), "customers"),
                sample.documents(dst, "customers"),
                "every document as the source has it (the target's hook rewrote none): " + copy.describe());
        assertEquals(hookQuery(sample.db(), "customers"), hookQuery(dst, "customers"));
    }
}
