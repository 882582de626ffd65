package io.rethinkmigrate.engine.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;
import io.rethinkmigrate.model.TableId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class LargestFirstSchedulerTest {

    private record Task(String name, long estimatedDocuments, Callable<String> body) implements TableTask<String> {
        @Override
        public TableId table() {
            return new TableId("db", name);
        }

        @Override
        public String run() throws Exception {
            return body.call();
        }
    }

    @Test
    void startsTheLargestTablesFirstAndReturnsResultsInTaskOrder() throws Exception {
        List<String> started = Collections.synchronizedList(new ArrayList<>());
        List<Task> tasks = new ArrayList<>();
        for (String[] t : new String[][] {{"small", "10"}, {"huge", "1000000"}, {"unknown", "-1"}, {"mid", "5000"}}) {
            tasks.add(new Task(t[0], Long.parseLong(t[1]), () -> {
                started.add(t[0]);
                return t[0] + " done";
            }));
        }
        List<String> results = new LargestFirstScheduler().runAll(tasks, 1);
        assertEquals(List.of("huge", "mid", "small", "unknown"), started);
        assertEquals(List.of("small done", "huge done", "unknown done", "mid done"), results);
    }

    @Test
    @Timeout(10)
    void theFirstFailureStopsTablesStillRunning() throws Exception {
        CountDownLatch bigStarted = new CountDownLatch(1);
        CountDownLatch bigInterrupted = new CountDownLatch(1);
        Task big = new Task("big", 1_000_000, () -> {
            bigStarted.countDown();
            try {
                Thread.sleep(TimeUnit.MINUTES.toMillis(5));
            } catch (InterruptedException e) {
                bigInterrupted.countDown();
                throw e;
            }
            return "big done";
        });
        Task broken = new Task("broken", 10, () -> {
            bigStarted.await();
            throw new MigrateException(ErrorKind.SERVER, "table db.broken is unavailable");
        });
        MigrateException e = assertThrows(MigrateException.class,
                () -> new LargestFirstScheduler().runAll(List.of(big, broken), 2));
        assertEquals("table db.broken is unavailable", e.getMessage());
        assertTrue(bigInterrupted.await(5, TimeUnit.SECONDS), "the big table's read was stopped, not awaited");
    }

    @Test
    void aTaskInterruptedStopsTheRunAsInterruptedNotAsAnInternalError() {
        Task interrupted = new Task("stopped", 10, () -> {
            throw new InterruptedException("sleep interrupted");
        });
        MigrateException e = assertThrows(MigrateException.class,
                () -> new LargestFirstScheduler().runAll(List.of(interrupted), 1));
        assertEquals(ErrorKind.INTERRUPTED, e.kind(), e.getMessage());
    }
}
