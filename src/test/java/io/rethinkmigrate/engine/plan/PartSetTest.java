package io.rethinkmigrate.engine.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PartSetTest {
    private static PartLabel part(String plan, int part) {
        return new PartLabel("part-" + part + ".tar.gz", plan, part, 3);
    }

    private static MigrateException refused(List<PartLabel> labels) {
        MigrateException e = assertThrows(MigrateException.class, () -> PartSet.check(labels, null, null));
        assertEquals(ErrorKind.ARCHIVE_INCONSISTENT, e.kind(), e.getMessage());
        return e;
    }

    @Test
    void everyPartOnceIsAccepted() {
        PartSet.check(List.of(part("A", 2), part("A", 0), part("A", 1)), null, null);
    }

    @Test
    void aMissingPartIsRefusedNamingIt() {
        assertEquals("part 1 of the 3 parts of plan A is missing (given: 0, 2)",
                refused(List.of(part("A", 0), part("A", 2))).getMessage());
    }

    @Test
    void aDoubledPartIsRefusedNamingBothArchives() {
        PartLabel again = new PartLabel("copy.tar.gz", "A", 1, 3);
        assertEquals("part 1 of plan A is given twice: part-1.tar.gz and copy.tar.gz",
                refused(List.of(part("A", 0), part("A", 1), again, part("A", 2))).getMessage());
    }

    @Test
    void aPartOfAnotherPlanIsRefused() {
        assertEquals("part-1.tar.gz is a part of plan B, not of plan A (as part-0.tar.gz)",
                refused(List.of(part("A", 0), part("B", 1), part("A", 2))).getMessage());
    }

    @Test
    void aWholeDumpAmongPartsIsRefused() {
        assertEquals("whole.tar.gz is not a part of a plan (a whole dump): restore it on its own",
                refused(List.of(part("A", 0), new PartLabel("whole.tar.gz", null, -1, 0))).getMessage());
    }

    @Test
    void thePlanFileDecidesThePlan() {
        PartPlan plan = new PartPlan("B", "now", "src", 3, List.of(), List.of(), false, List.of());
        MigrateException e = assertThrows(MigrateException.class,
                () -> PartSet.check(List.of(part("A", 0), part("A", 1), part("A", 2)), plan, null));
        assertEquals("part-0.tar.gz is a part of plan A, not of plan B (--plan)", e.getMessage());
    }

    @Test
    void thePartNumberComesFromTheFlagThenOurVariableThenTheJobIndex() {
        PartPlan plan = new PartPlan("A", "now", "src", 3, List.of(), List.of(), false, List.of());
        Map<String, String> both = Map.of("RETHINK_MIGRATE_PART", "1", "JOB_COMPLETION_INDEX", "2");
        assertEquals(0, PartNumber.resolve(0, both::get, plan));
        assertEquals(1, PartNumber.resolve(null, both::get, plan));
        assertEquals(2, PartNumber.resolve(null, Map.of("JOB_COMPLETION_INDEX", "2")::get, plan));
        MigrateException none = assertThrows(MigrateException.class, () -> PartNumber.resolve(null, k -> null, plan));
        assertEquals(ErrorKind.USAGE, none.kind());
        MigrateException outside = assertThrows(MigrateException.class,
                () -> PartNumber.resolve(null, Map.of("JOB_COMPLETION_INDEX", "3")::get, plan));
        assertEquals("$JOB_COMPLETION_INDEX: part 3 is not in the plan (parts 0 to 2)", outside.getMessage());
    }
}
