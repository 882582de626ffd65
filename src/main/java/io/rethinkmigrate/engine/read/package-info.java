/**
 * Reading a live server's tables as a dump does, for dump, copy and verify: their metadata, key-range planning,
 * and parallel page-by-page range reads that resume after a lost connection
 * ({@link io.rethinkmigrate.engine.read.TableReads}), as {@link io.rethinkmigrate.engine.read.DumpOptions} says.
 */
package io.rethinkmigrate.engine.read;
