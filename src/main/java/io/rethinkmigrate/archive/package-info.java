/**
 * What the engine sees of an archive, whatever its format: {@link io.rethinkmigrate.archive.ArchiveReader},
 * {@link io.rethinkmigrate.archive.ArchiveWriter} and their per-table parts, and the archive errors. The formats
 * live in the subpackages: {@code tar} (the official dump), {@code export} (export/import files).
 */
package io.rethinkmigrate.archive;
