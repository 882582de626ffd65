package io.rethinkmigrate.engine.schedule;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
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
            // results are taken as they complete, so the first failure stops the others at once
            CompletionService<R> done = new ExecutorCompletionService<>(pool);
            Map<Future<R>, TableTask<R>> running = new IdentityHashMap<>();
            for (TableTask<R> task : order) {
                running.put(done.submit(task::run), task);
            }
            Map<TableTask<R>, R> results = new IdentityHashMap<>();
            for (int i = 0; i < order.size(); i++) {
                Future<R> finished = done.take();
                try {
                    results.put(running.get(finished), finished.get());
                } catch (ExecutionException e) {
                    running.keySet().forEach(other -> other.cancel(true));
                    throw TaskFailures.unchecked(e.getCause());
                }
            }
            List<R> inTaskOrder = new ArrayList<>();
            for (TableTask<R> task : tasks) {
                inTaskOrder.add(results.get(task));
            }
            return inTaskOrder;
        } finally {
            pool.shutdownNow();
        }
    }
}
