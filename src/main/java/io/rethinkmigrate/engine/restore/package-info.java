/**
 * {@code restore}, and the write side of {@code import} and {@code copy}: an archive into one server, table by
 * table (create, load, then indexes, hook and settings), with renames, layout, the resume record, users and
 * cluster settings, and the heap check made before anything is written.
 */
package io.rethinkmigrate.engine.restore;
