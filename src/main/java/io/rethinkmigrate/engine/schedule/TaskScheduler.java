package io.rethinkmigrate.engine.schedule;

import java.util.List;

/**
 * Runs the per-table tasks of a run, at most {@code parallelism} at once, and returns their results in
 * the order of the given list. Swappable so that a later strategy can, for instance, interleave tables
 * by server or by size.
 */
public interface TaskScheduler {

    <R> List<R> runAll(List<? extends TableTask<R>> tasks, int parallelism) throws InterruptedException;
}
