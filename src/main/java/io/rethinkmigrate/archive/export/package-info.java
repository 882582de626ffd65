/**
 * The files of {@code rethinkdb export} and {@code import}: a directory of {@code <db>/<table>.json|.ndjson|.csv}
 * written by {@code export}, and such a directory or a single file read by {@code import} (CSV parsing and
 * typing, {@code --fields}, {@code --max-errors}).
 */
package io.rethinkmigrate.archive.export;
