package io.rethinkmigrate.engine;

import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Starts the largest tables first, so that the longest task does not begin last and leave the other
 * workers idle at the end. The first failure cancels the tasks not yet finished.
 */
public final class LargestFirstScheduler implements TaskScheduler {

    @Override
    public <R> List<R> runAll(List<? extends TableTask<R>> tasks, int parallelism) throws InterruptedException {
        List<TableTask<R>> order = new ArrayList<>(tasks);
        order.sort(Comparator.comparingLong((TableTask<R> t) -> t.estimatedDocuments()).reversed());
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(parallelism, Math.max(1, tasks.size()))),
                r -> {
                    Thread t = new Thread(r, "table-worker-" + threadNumber.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        try {
            List<Future<R>> futures = new ArrayList<>();
            for (TableTask<R> task : order) {
                futures.add(pool.submit(task::run));
            }
            List<R> byOrder = new ArrayList<>();
            for (Future<R> f : futures) {
                try {
                    byOrder.add(f.get());
                } catch (ExecutionException e) {
                    futures.forEach(other -> other.cancel(true));
                    throw rethrow(e.getCause());
                }
            }
            List<R> results = new ArrayList<>();
            for (TableTask<R> task : tasks) {
                results.add(byOrder.get(order.indexOf(task)));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private static RuntimeException rethrow(Throwable cause) {
        if (cause instanceof RuntimeException re) {
            return re;
        }
        if (cause instanceof Error err) {
            throw err;
        }
        if (cause instanceof java.io.IOException io) {
            return new MigrateException(ErrorKind.IO, String.valueOf(io.getMessage()), io);
        }
        return new MigrateException(ErrorKind.INTERNAL, String.valueOf(cause.getMessage()), cause);
    }
}
