/**
 * The official {@code rethinkdb dump} archive, a compressed tar of {@code <top>/<db>/<table>.info|.json} plus
 * our metadata members: its writer, its reader (with the guards against hostile archives: member policy,
 * inflation limits, checked tar headers) and {@code list}'s listing. Format: docs/archive-format.md.
 */
package io.rethinkmigrate.archive.tar;
