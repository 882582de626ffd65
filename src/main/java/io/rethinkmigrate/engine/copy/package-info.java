/**
 * {@code copy}: a live cluster read as an archive ({@link io.rethinkmigrate.engine.copy.LiveSourceReader}) for the
 * restorer, and {@code copy --follow}: each table's change feed replayed onto the target, resynced when lost.
 */
package io.rethinkmigrate.engine.copy;
