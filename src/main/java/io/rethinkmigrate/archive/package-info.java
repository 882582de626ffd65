/**
 * What the engine sees of an archive, whatever its format: {@link io.rethinkmigrate.archive.ArchiveReader},
 * {@link io.rethinkmigrate.archive.ArchiveWriter} and their per-table parts, the archive errors, and the table
 * bookkeeping every writer shares ({@link io.rethinkmigrate.archive.WrittenTables}). The formats
 * live in the subpackages: {@code tar} (the official dump), {@code export} (export/import files).
 */
package io.rethinkmigrate.archive;
