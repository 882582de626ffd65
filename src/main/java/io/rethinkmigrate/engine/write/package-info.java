/**
 * Sending documents into a server, for restore, import and copy: batches capped by count and bytes, several
 * in flight per table, each retried after a dropped connection on a writer reopened with backoff.
 */
package io.rethinkmigrate.engine.write;
