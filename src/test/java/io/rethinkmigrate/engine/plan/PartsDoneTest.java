package io.rethinkmigrate.engine.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;
import java.nio.file.Files;
import java.nio.file.Path;
import io.rethinkmigrate.progress.RunSummary;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartsDoneTest {
    private static final PartPlan PLAN = plan("A");
    private static final List<String> TABLES = List.of("shop.orders", "shop.people");

    @TempDir
    Path dir;

    private static PartPlan plan(String id) {
        return new PartPlan(id, "now", "src", 3, List.of(), List.of(), false, List.of());
    }

    private String refusal(PartsDone done) {
        MigrateException e = assertThrows(MigrateException.class, () -> done.checkAll(PLAN, TABLES));
        assertEquals(ErrorKind.ARCHIVE_INCONSISTENT, e.kind(), e.getMessage());
        return e.getMessage();
    }

    @Test
    void finishWaitsForEveryPartAndNamesTheMissingOnes() throws Exception {
        PartsDone done = new PartsDone(dir.resolve("state"));
        assertEquals("parts 0, 1, 2 of the 3 parts of plan A have not recorded done in " + dir.resolve("state")
                + " (restore --part): nothing was set", refusal(done));
        done.record(PLAN, 0, "part-0.tar.gz", 10, TABLES);
        done.record(PLAN, 2, "part-2.tar.gz", 12, TABLES);
        assertEquals("part 1 of the 3 parts of plan A has not recorded done in " + dir.resolve("state")
                + " (restore --part): nothing was set", refusal(done));
        done.record(PLAN, 1, "part-1.tar.gz", 11, TABLES);
        done.checkAll(PLAN, TABLES);
        try (var files = Files.list(dir.resolve("state"))) {
            assertFalse(files.anyMatch(f -> f.toString().endsWith(".partial")), "no temp file left");
        }
    }

    @Test
    void recordsOfAnotherPlanOrUnreadableOnesDoNotCount() throws Exception {
        PartsDone done = new PartsDone(dir);
        PartPlan other = plan("B");
        for (int p = 0; p < 3; p++) {
            done.record(other, p, "other.tar.gz", 1, TABLES);
        }
        done.record(PLAN, 0, "part-0.tar.gz", 10, TABLES);
        done.record(PLAN, 1, "part-1.tar.gz", 10, TABLES);
        Files.writeString(done.file("A", 2), "{\"plan_id\": \"A\", \"par");
        assertEquals("part 2 of the 3 parts of plan A has not recorded done in " + dir
                + " (restore --part): nothing was set", refusal(done));
    }

    @Test
    void finishRefusesToSetUpOtherTablesThanThePartsLoaded() throws Exception {
        PartsDone done = new PartsDone(dir);
        for (int p = 0; p < 3; p++) {
            done.record(PLAN, p, "part-" + p + ".tar.gz", 10, TABLES);
        }
        MigrateException renamed = assertThrows(MigrateException.class,
                () -> done.checkAll(PLAN, List.of("shop.orders", "shop2.people")));
        assertEquals(ErrorKind.ARCHIVE_INCONSISTENT, renamed.kind());
        assertEquals("part 0 loaded shop.people, which this --finish does not select (" + done.file("A", 0)
                + "): give --finish the same -i, --exclude and --rename as the parts; nothing was set", renamed.getMessage());
        MigrateException wider = assertThrows(MigrateException.class,
                () -> done.checkAll(PLAN, List.of("shop.orders", "shop.people", "shop.stock")));
        assertTrue(wider.getMessage().startsWith("this --finish selects shop.stock, which part 0 did not load"),
                wider.getMessage());
        done.checkAll(PLAN, TABLES);
    }

    private static final RunSummary OK = new RunSummary(List.of(), List.of(), Duration.ZERO);

    @Test
    void theTablesAreMadeByOnePartWhileTheOthersWait() throws Exception {
        PartsDone done = new PartsDone(dir);
        AtomicInteger runs = new AtomicInteger();
        PartsDone.Step slow = () -> {
            runs.incrementAndGet();
            Thread.sleep(300);
            return OK;
        };
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<RunSummary>> parts = new ArrayList<>();
            for (int p = 0; p < 3; p++) {
                int part = p;
                parts.add(pool.submit(() -> done.createOnce(PLAN, part, slow, Duration.ofSeconds(30))));
            }
            int ran = 0;
            for (Future<RunSummary> part : parts) {
                ran += part.get() == null ? 0 : 1;
            }
            assertEquals(1, runs.get(), "made once");
            assertEquals(1, ran, "one part made them, the others waited");
        } finally {
            pool.shutdownNow();
        }
        assertNull(done.createOnce(PLAN, 1, slow, Duration.ofSeconds(1)), "a later part finds them made");
        assertEquals(1, runs.get());
    }

    @Test
    void aFailedClaimantGivesTheClaimUpAndARerunOfAKilledOneTakesItBack() throws Exception {
        PartsDone done = new PartsDone(dir);
        assertThrows(IllegalStateException.class, () -> done.createOnce(PLAN, 0, () -> {
            throw new IllegalStateException("refused");
        }, Duration.ofSeconds(1)));
        assertEquals(OK, done.createOnce(PLAN, 2, () -> OK, Duration.ofSeconds(1)), "another part claims it then");

        PartPlan other = plan("B");
        Files.writeString(dir.resolve("B.tables.claim"), "1\n"); // part 1 was killed while making them
        MigrateException e = assertThrows(MigrateException.class,
                () -> done.createOnce(other, 0, () -> OK, Duration.ofMillis(200)));
        assertEquals(ErrorKind.PARTIAL, e.kind());
        assertTrue(e.getMessage().startsWith("the tables of plan B were claimed by part 1"), e.getMessage());
        assertEquals(OK, done.createOnce(other, 1, () -> OK, Duration.ofSeconds(1)), "part 1 run again takes it back");
    }
}
