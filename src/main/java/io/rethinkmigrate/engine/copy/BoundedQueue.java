package io.rethinkmigrate.engine.copy;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * A hand-off from producer threads (a table's range readers) to one consumer thread, bounded by the bytes
 * it holds (at least one item always fits, so an item bigger than the budget still passes). The producer ends it with
 * {@link #finish()} or {@link #fail(RuntimeException)}; the consumer can {@link #cancel()} it, after which
 * {@link #put} throws {@link Cancelled} so that the producer stops reading.
 */
final class BoundedQueue<T> {
    /** Thrown by put once the consumer gave up. */
    static final class Cancelled extends RuntimeException {
        Cancelled() {
            super("the reader stopped", null, false, false);
        }
    }

    private record Item<T>(T value, long bytes, long receivedNanos) {
    }

    private final long maxBytes;
    private final ArrayDeque<Item<T>> items = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notFull = lock.newCondition();
    private final Condition notEmpty = lock.newCondition();
    private long bytes;
    private boolean finished;
    private boolean cancelled;
    private RuntimeException failure;

    BoundedQueue(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Adds an item, waiting while the queue is full. */
    void put(T value, long size) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (!cancelled && !items.isEmpty() && bytes + size > maxBytes) {
                notFull.await();
            }
            if (cancelled) {
                throw new Cancelled();
            }
            items.add(new Item<>(value, size, System.nanoTime()));
            bytes += size;
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
    }

    /** The producer is done: take returns null once the queue is empty. */
    void finish() {
        locked(() -> {
            finished = true;
            notEmpty.signalAll();
        });
    }

    /** The producer failed: take throws the failure once the items before it are taken. */
    void fail(RuntimeException e) {
        locked(() -> {
            if (failure == null) {
                failure = e;
            }
            finished = true;
            notEmpty.signalAll();
        });
    }

    /** The consumer gives up: the producer's next put throws, the items are dropped. */
    void cancel() {
        locked(() -> {
            cancelled = true;
            items.clear();
            bytes = 0;
            notFull.signalAll();
            notEmpty.signalAll();
        });
    }

    /** The next item, waiting for it; null at the end. */
    T take() throws InterruptedException {
        return poll(Long.MAX_VALUE, TimeUnit.NANOSECONDS, true);
    }

    /**
     * The next item, waiting at most {@code timeout}; null when none came in time or at the end (see
     * {@link #isDone()}). The producer's failure is thrown once the items before it are taken.
     */
    T poll(long timeout, TimeUnit unit) throws InterruptedException {
        return poll(timeout, unit, false);
    }

    private T poll(long timeout, TimeUnit unit, boolean forever) throws InterruptedException {
        long left = unit.toNanos(timeout);
        lock.lockInterruptibly();
        try {
            while (items.isEmpty() && !finished && !cancelled) {
                if (forever) {
                    notEmpty.await();
                } else {
                    if (left <= 0) {
                        return null;
                    }
                    left = notEmpty.awaitNanos(left);
                }
            }
            Item<T> item = items.poll();
            if (item == null) {
                if (failure != null) {
                    throw failure;
                }
                return null;
            }
            bytes -= item.bytes();
            notFull.signal();
            return item.value();
        } finally {
            lock.unlock();
        }
    }

    /** True when the producer ended and every item was taken. */
    boolean isDone() {
        return locked(() -> (finished || cancelled) && items.isEmpty());
    }

    /** Items waiting. */
    int size() {
        return locked(items::size);
    }

    /** When the oldest waiting item was put, or -1 when none waits. */
    long oldestNanos() {
        return locked(() -> {
            Item<T> first = items.peek();
            return first == null ? -1L : first.receivedNanos();
        });
    }

    private void locked(Runnable body) {
        locked(() -> {
            body.run();
            return null;
        });
    }

    private <R> R locked(Supplier<R> body) {
        lock.lock();
        try {
            return body.get();
        } finally {
            lock.unlock();
        }
    }
}
