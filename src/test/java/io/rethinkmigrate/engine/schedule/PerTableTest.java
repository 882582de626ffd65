package io.rethinkmigrate.engine.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;
import io.rethinkmigrate.model.TableId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The per-table metadata steps of dump, copy and verify: a few tables at once, results in table order. */
@Timeout(30)
class PerTableTest {

    private static List<TableId> tables(int n) {
        List<TableId> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new TableId("db", "t" + i));
        }
        return out;
    }

    @Test
    void tablesRunAtOnceUpToTheParallelismAndResultsKeepTheTablesOrder() throws Exception {
        CountDownLatch allThreeStarted = new CountDownLatch(3);
        List<String> results = PerTable.run(tables(3), 3, table -> {
            allThreeStarted.countDown();
            // only true when the three jobs run at the same time (one after the other, the first waits in vain)
            assertTrue(allThreeStarted.await(10, TimeUnit.SECONDS), "three tables at once");
            Thread.sleep(table.table().equals("t0") ? 200 : 0); // the first table finishes last
            return table.table() + " done";
        });
        assertEquals(List.of("t0 done", "t1 done", "t2 done"), results);
    }

    @Test
    void neverMoreAtOnceThanTheParallelism() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        List<Integer> results = PerTable.run(tables(12), 2, table -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            Thread.sleep(20);
            running.decrementAndGet();
            return Integer.parseInt(table.table().substring(1));
        });
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11), results);
        assertEquals(2, most.get(), "two tables at most at once");
    }

    @Test
    void theFirstFailureIsThrownAsItWasAndStopsTheRest() {
        AtomicBoolean lateTableRan = new AtomicBoolean();
        MigrateException e = assertThrows(MigrateException.class, () -> PerTable.run(tables(40), 1, table -> {
            if (table.table().equals("t1")) {
                throw new MigrateException(ErrorKind.SERVER, "table " + table + ": info() did not return an object");
            }
            if (table.table().equals("t39")) {
                lateTableRan.set(true);
            }
            Thread.sleep(5); // 38 tables after the failure would take 190 ms: far more than stopping takes
            return table;
        }));
        assertEquals(ErrorKind.SERVER, e.kind());
        assertEquals("table db.t1: info() did not return an object", e.getMessage());
        assertFalse(lateTableRan.get(), "the tables after a failure are not read");
    }
}
