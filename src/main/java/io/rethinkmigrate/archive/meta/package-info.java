/**
 * What an archive says about its tables and cluster besides the documents: the official {@code .info}
 * ({@link io.rethinkmigrate.archive.meta.TableInfo}, {@link io.rethinkmigrate.archive.meta.IndexSpec}), and our
 * {@code .config}, {@code .dbconfig} and manifest members, with their names. Plain values, no I/O.
 */
package io.rethinkmigrate.archive.meta;
