package io.rethinkmigrate.engine.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;
import io.rethinkmigrate.model.TableId;
import io.rethinkmigrate.progress.TableResult;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The restore's background finishing of tables: runs beside the caller, one table at a time, failures surface. */
class TableFinisherTest {
    private static final TableId T = new TableId("db", "t");

    private static TableFinisher.Finished finished(String warning) {
        return new TableFinisher.Finished(TableResult.done(T, 3, 30, 1, false, Duration.ZERO), List.of(warning));
    }

    @Test
    void aTableFinishesWhileTheCallerGoesOnAndIsCollectedWithItsWarnings() throws Exception {
        CountDownLatch callerWentOn = new CountDownLatch(1);
        try (TableFinisher finisher = new TableFinisher()) {
            assertTrue(finisher.collect().isEmpty(), "nothing submitted yet");
            finisher.submit(() -> {
                // waits for the caller: the finishing step must not run on the caller's thread
                assertTrue(callerWentOn.await(10, TimeUnit.SECONDS));
                return finished("index x rebuilt");
            });
            callerWentOn.countDown(); // the next table would be read here
            TableFinisher.Finished done = finisher.collect().orElseThrow();
            assertEquals(TableResult.Status.DONE, done.result().status());
            assertEquals(List.of("index x rebuilt"), done.warnings());
            assertTrue(finisher.collect().isEmpty(), "collected once");
        }
    }

    @Test
    void oneTableAtATime() throws Exception {
        try (TableFinisher finisher = new TableFinisher()) {
            finisher.submit(() -> finished("a"));
            assertThrows(IllegalStateException.class, () -> finisher.submit(() -> finished("b")));
            assertEquals(List.of("a"), finisher.collect().orElseThrow().warnings());
            finisher.submit(() -> finished("b"));
            assertEquals(List.of("b"), finisher.collect().orElseThrow().warnings());
        }
    }

    @Test
    void aFailureThatStopsTheRunIsThrownToTheCollector() throws Exception {
        MigrateException lost = new MigrateException(ErrorKind.CONNECTION, "connection to db lost");
        try (TableFinisher finisher = new TableFinisher()) {
            finisher.submit(() -> {
                throw lost;
            });
            assertSame(lost, assertThrows(MigrateException.class, finisher::collect));
            finisher.submit(() -> {
                throw new InterruptedException();
            });
            assertEquals(ErrorKind.INTERRUPTED, assertThrows(MigrateException.class, finisher::collect).kind());
        }
    }

    @Test
    void closingLetsATableStillFinishingEnd() {
        AtomicBoolean ended = new AtomicBoolean();
        TableFinisher finisher = new TableFinisher();
        finisher.submit(() -> {
            Thread.sleep(200);
            ended.set(true);
            return finished("late");
        });
        finisher.close(); // the run stops early: the connections close only after this
        assertTrue(ended.get(), "close waited for the table being finished");
    }
}
