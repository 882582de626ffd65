package io.rethinkmigrate.engine.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The hand-off between a table reader and the restorer (copy) or the applier (follow). */
@Timeout(30)
class BoundedQueueTest {

    @Test
    void theProducerWaitsOnceTheByteBudgetIsFull() throws Exception {
        BoundedQueue<String> queue = new BoundedQueue<>(100);
        AtomicInteger put = new AtomicInteger();
        Thread producer = new Thread(() -> {
            try {
                for (int i = 0; i < 10; i++) {
                    queue.put("d" + i, 40);
                    put.incrementAndGet();
                }
                queue.finish();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        producer.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (put.get() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        Thread.sleep(100);
        assertEquals(2, put.get(), "two items of 40 bytes fit in 100, a third does not");
        assertEquals(2, queue.size());
        for (int i = 0; i < 10; i++) {
            assertEquals("d" + i, queue.take());
        }
        assertNull(queue.take(), "the end");
        assertTrue(queue.isDone());
        producer.join();
    }

    @Test
    void anItemBiggerThanTheBudgetStillPasses() throws Exception {
        BoundedQueue<String> queue = new BoundedQueue<>(10);
        queue.put("big", 1_000);
        assertEquals("big", queue.poll(1, TimeUnit.SECONDS));
    }

    @Test
    void theFailureComesAfterTheItemsBeforeIt() throws Exception {
        BoundedQueue<String> queue = new BoundedQueue<>(1_000);
        queue.put("a", 1);
        MigrateException lost = new MigrateException(ErrorKind.CONNECTION, "connection lost");
        queue.fail(lost);
        assertEquals("a", queue.take());
        assertSame(lost, assertThrows(MigrateException.class, queue::take));
    }

    @Test
    void pollTimesOutWithoutAnItem() throws Exception {
        BoundedQueue<String> queue = new BoundedQueue<>(1_000);
        assertNull(queue.poll(50, TimeUnit.MILLISECONDS));
        assertFalse(queue.isDone());
        assertEquals(-1, queue.oldestNanos());
        queue.put("x", 1);
        assertTrue(queue.oldestNanos() > 0);
    }

    @Test
    void cancelStopsAWaitingProducer() throws Exception {
        BoundedQueue<String> queue = new BoundedQueue<>(10);
        queue.put("a", 10);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread producer = new Thread(() -> {
            try {
                queue.put("b", 10);
            } catch (BoundedQueue.Cancelled e) {
                stopped.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        producer.start();
        Thread.sleep(50);
        queue.cancel();
        assertTrue(stopped.await(5, TimeUnit.SECONDS), "the producer's put throws Cancelled");
        assertEquals(0, queue.size(), "items are dropped");
    }
}
