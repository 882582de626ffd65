package io.rethinkmigrate.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rethinkmigrate.model.TableId;
import org.junit.jupiter.api.Test;

class RatesTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void rateIsCountPerSecondAndZeroBeforeTimePasses() {
        assertEquals(2000.0, Rates.perSecond(1000, SECOND / 2), 1e-9);
        assertEquals(0.0, Rates.perSecond(1000, 0));
    }

    @Test
    void etaIsRemainingOverRateRoundedUp() {
        assertEquals(5, Rates.etaSeconds(500, 1000, 100.0));
        assertEquals(2, Rates.etaSeconds(0, 3, 2.0)); // 1.5 s → 2
        assertEquals(0, Rates.etaSeconds(1000, 1000, 100.0));
        assertEquals(-1, Rates.etaSeconds(10, -1, 100.0), "no estimate");
        assertEquals(-1, Rates.etaSeconds(0, 1000, 0.0), "no rate yet");
    }

    @Test
    void estimateIsCorrectedByTheCount() {
        assertEquals(1000, Rates.corrected(1000, 10));
        assertEquals(1500, Rates.corrected(1000, 1500));
        assertEquals(-1, Rates.corrected(-1, 1500));
    }

    @Test
    void percentReaches100OnlyWhenDone() {
        assertEquals(50, Rates.percent(500, 1000));
        assertEquals(99, Rates.percent(999, 1000));
        assertEquals(100, Rates.percent(1000, 1000));
        assertEquals(100, Rates.percent(0, 0));
        assertEquals(-1, Rates.percent(5, -1));
    }

    @Test
    void durationsAndSizes() {
        assertEquals("0:05", Rates.duration(5));
        assertEquals("2:03", Rates.duration(123));
        assertEquals("1:00:01", Rates.duration(3601));
        assertEquals("?", Rates.duration(-1));
        assertEquals("1.5 MB", Rates.megabytes(1_500_000));
        assertEquals("2400 docs/s", Rates.docsPerSecond(2400.2));
    }

    @Test
    void trackerCorrectsTheEtaAsCountsComeIn() {
        long[] now = {0};
        ProgressTracker tracker = new ProgressTracker(() -> now[0]);
        TableId a = new TableId("db", "a");
        TableId b = new TableId("db", "b");
        tracker.planned(b, 400);
        tracker.started(a, 1000);
        now[0] = 2 * SECOND;
        tracker.done(a, 500, 50_000);

        ProgressTracker.Table ta = tracker.table(a);
        assertEquals(250.0, ta.rate(), 1e-9);
        assertEquals(2, ta.etaSeconds()); // 500 left at 250/s
        assertEquals(50, ta.percent());
        ProgressTracker.Total total = tracker.total();
        assertEquals(1400, total.estimate(), "planned b counts with its estimate");
        assertEquals(4, total.etaSeconds()); // 900 left at 250/s, rounded up
        assertEquals(1, tracker.active().size());

        // the estimate was low: the table is taken to be as large as counted so far
        now[0] = 4 * SECOND;
        tracker.done(a, 700, 70_000);
        assertEquals(1200, tracker.table(a).correctedEstimate());
        assertEquals(0, tracker.table(a).etaSeconds());

        // finished: the real count replaces the estimate in the total
        now[0] = 5 * SECOND;
        tracker.finished(a, 1300, 130_000);
        total = tracker.total();
        assertEquals(1300 + 400, total.estimate());
        assertEquals(1, total.finishedTables());
        assertEquals(2, total.tables());
        assertEquals(130_000, total.bytes());
        assertEquals(5 * SECOND, total.elapsedNanos());
        assertEquals(2, total.etaSeconds()); // 400 left at 260/s
        assertEquals(0, tracker.active().size());
    }

    @Test
    void totalEtaIsUnknownWhileATableHasNoEstimate() {
        long[] now = {0};
        ProgressTracker tracker = new ProgressTracker(() -> now[0]);
        tracker.started(new TableId("db", "a"), -1);
        now[0] = SECOND;
        tracker.done(new TableId("db", "a"), 100, 1000);
        assertEquals(-1, tracker.total().etaSeconds());
        assertEquals(-1, tracker.total().percent());
        assertEquals(100.0, tracker.total().rate(), 1e-9);
    }
}
