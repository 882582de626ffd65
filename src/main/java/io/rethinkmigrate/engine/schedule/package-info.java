/**
 * How the per-table work of a run is run: at most N tasks at once, largest table first, the first failure
 * cancelling the rest ({@link io.rethinkmigrate.engine.schedule.TaskScheduler}), and the metadata steps of many
 * tables side by side over one pipelined connection ({@link io.rethinkmigrate.engine.schedule.PerTable}); a pooled task's
 * result with its own exception ({@link io.rethinkmigrate.engine.schedule.Futures}).
 */
package io.rethinkmigrate.engine.schedule;
