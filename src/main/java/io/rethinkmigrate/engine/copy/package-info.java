/**
 * {@code copy}: a live cluster read as an archive ({@link io.rethinkmigrate.engine.copy.LiveSourceReader}) for the
 * restorer, and {@code copy --follow}: each table's change feed replayed onto the target, resynced when lost;
 * {@link io.rethinkmigrate.engine.copy.TableFeed}, one table's feed, is also what {@code backup} reads.
 */
package io.rethinkmigrate.engine.copy;
