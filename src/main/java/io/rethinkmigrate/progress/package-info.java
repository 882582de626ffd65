/**
 * What a run reports while it works and when it ends: the {@link io.rethinkmigrate.progress.ProgressListener}
 * events the engine emits (the library never prints; the CLI draws them on stderr), per-table results, the
 * run's summary and rates.
 */
package io.rethinkmigrate.progress;
