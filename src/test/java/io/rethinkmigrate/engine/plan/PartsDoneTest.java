package io.rethinkmigrate.engine.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartsDoneTest {
    private static final PartPlan PLAN = plan("A");

    @TempDir
    Path dir;

    private static PartPlan plan(String id) {
        return new PartPlan(id, "now", "src", 3, List.of(), List.of(), false, List.of());
    }

    private String refusal(PartsDone done) {
        MigrateException e = assertThrows(MigrateException.class, () -> done.checkAll(PLAN));
        assertEquals(ErrorKind.ARCHIVE_INCONSISTENT, e.kind(), e.getMessage());
        return e.getMessage();
    }

    @Test
    void finishWaitsForEveryPartAndNamesTheMissingOnes() throws Exception {
        PartsDone done = new PartsDone(dir.resolve("state"));
        assertEquals("parts 0, 1, 2 of the 3 parts of plan A have not recorded done in " + dir.resolve("state")
                + " (restore --part): nothing was set", refusal(done));
        done.record(PLAN, 0, "part-0.tar.gz", 10);
        done.record(PLAN, 2, "part-2.tar.gz", 12);
        assertEquals("part 1 of the 3 parts of plan A has not recorded done in " + dir.resolve("state")
                + " (restore --part): nothing was set", refusal(done));
        done.record(PLAN, 1, "part-1.tar.gz", 11);
        done.checkAll(PLAN);
        try (var files = Files.list(dir.resolve("state"))) {
            assertFalse(files.anyMatch(f -> f.toString().endsWith(".partial")), "no temp file left");
        }
    }

    @Test
    void recordsOfAnotherPlanOrUnreadableOnesDoNotCount() throws Exception {
        PartsDone done = new PartsDone(dir);
        PartPlan other = plan("B");
        for (int p = 0; p < 3; p++) {
            done.record(other, p, "other.tar.gz", 1);
        }
        done.record(PLAN, 0, "part-0.tar.gz", 10);
        done.record(PLAN, 1, "part-1.tar.gz", 10);
        Files.writeString(done.file("A", 2), "{\"plan_id\": \"A\", \"par");
        assertEquals("part 2 of the 3 parts of plan A has not recorded done in " + dir
                + " (restore --part): nothing was set", refusal(done));
    }
}
