package io.rethinkmigrate.engine.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.LongNode;
import io.rethinkmigrate.engine.read.KeyRange;
import io.rethinkmigrate.engine.read.RangePlanner;
import io.rethinkmigrate.model.TableId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PartPlannerTest {
    private static final TableId BIG = new TableId("shop", "orders");

    /** Cuts any table into exactly the ranges asked for, on integer keys 0..1,000,000. */
    private static RangePlanner.Plan cut(TableId table, int ranges) {
        List<KeyRange> out = new ArrayList<>();
        LongNode lower = null;
        for (int i = 1; i <= ranges; i++) {
            LongNode upper = i == ranges ? null : LongNode.valueOf(1_000_000L * i / ranges);
            out.add(new KeyRange(lower, false, upper));
            lower = upper;
        }
        return new RangePlanner.Plan(out, 100, true);
    }

    private static List<PartPlanner.Estimate> seventyPercentTable() {
        List<PartPlanner.Estimate> tables = new ArrayList<>();
        tables.add(new PartPlanner.Estimate(BIG, 700_000));
        for (int i = 0; i < 6; i++) {
            tables.add(new PartPlanner.Estimate(new TableId("shop", "t" + i), 50_000));
        }
        return tables;
    }

    private static PartPlan plan(List<PartPlanner.Estimate> tables, int parts) {
        return new PartPlan("id", "now", "src", parts, List.of(), List.of(), false,
                PartPlanner.split(tables, parts, PartPlannerTest::cut, new ArrayList<>()));
    }

    @Test
    void aTableWithSeventyPercentOfTheDataIsSplitSoThatNoPartHasMoreThan35Percent() {
        PartPlan plan = plan(seventyPercentTable(), 4);
        long total = 1_000_000;
        Set<Integer> partsOfBig = new HashSet<>();
        plan.tables().get(0).ranges().forEach(r -> partsOfBig.add(r.part()));
        for (int p = 0; p < 4; p++) {
            long docs = plan.estimatedDocuments(p);
            assertTrue(docs <= total * 35 / 100, "part " + p + " has " + docs + " of " + total);
        }
        assertEquals(4, partsOfBig.size(), "the big table is read by every part");
        assertEquals(total, plan.tables().stream().mapToLong(PartPlan.Table::estimatedDocuments).sum());
    }

    @Test
    void equalTablesSpreadEvenly() {
        List<PartPlanner.Estimate> tables = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            tables.add(new PartPlanner.Estimate(new TableId("db", "t" + i), 1_000));
        }
        PartPlan plan = plan(tables, 3);
        for (int p = 0; p < 3; p++) {
            assertEquals(2_000, plan.estimatedDocuments(p), "part " + p);
        }
    }

    @Test
    void smallTablesAreKeptWholeInOnePart() {
        List<PartPlanner.Estimate> tables = new ArrayList<>(seventyPercentTable());
        tables.add(new PartPlanner.Estimate(new TableId("shop", "tiny"), 10));
        tables.add(new PartPlanner.Estimate(new TableId("shop", "empty"), 0));
        PartPlan plan = plan(tables, 4);
        for (PartPlan.Table t : plan.tables().subList(7, 9)) { // tiny and empty: under one piece (1/32 of the data)
            assertEquals(1, t.ranges().size(), t.id() + " is one range");
            assertEquals(new KeyRange(null, false, null), t.ranges().get(0).range(), t.id() + " is read whole");
        }
    }

    @Test
    void theSameEstimatesGiveTheSamePlan() {
        PartPlan a = plan(seventyPercentTable(), 4);
        PartPlan b = plan(seventyPercentTable(), 4);
        assertEquals(a.tables(), b.tables());
    }

    @Test
    void everyRangeOfEveryTableBelongsToExactlyOnePart() {
        PartPlan plan = plan(seventyPercentTable(), 3);
        for (PartPlan.Table t : plan.tables()) {
            int ranges = 0;
            for (int p = 0; p < 3; p++) {
                ranges += t.rangesOf(p).size();
            }
            assertEquals(t.ranges().size(), ranges, t.id().toString());
        }
    }

    @Test
    void aPlanReadsBackAsWritten() {
        PartPlan plan = plan(seventyPercentTable(), 4);
        PartPlan back = PartPlan.fromJson(plan.toJson());
        assertEquals(plan.tables(), back.tables());
        assertEquals(plan.parts(), back.parts());
        assertEquals(plan.id(), back.id());
    }

    @Test
    void aPartOutsideThePlanIsAUsageError() {
        PartPlan plan = plan(seventyPercentTable(), 4);
        var e = org.junit.jupiter.api.Assertions.assertThrows(io.rethinkmigrate.error.MigrateException.class,
                () -> plan.checkPart(4, "--part"));
        assertEquals(io.rethinkmigrate.error.ErrorKind.USAGE, e.kind());
        assertEquals("--part: part 4 is not in the plan (parts 0 to 3)", e.getMessage());
    }
}
