/**
 * `backup` and point-in-time restore: per table a base archive (the official dump layout) plus a log of
 * every change, in sealed gzip NDJSON segments; the history of a backup directory, what a time maps to,
 * retention, the chain check, and the restore of a chosen time (docs/backup-format.md).
 */
package io.rethinkmigrate.engine.backup;
