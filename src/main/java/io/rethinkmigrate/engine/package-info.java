/**
 * The engine: one subpackage per job (read, dump, write, restore, copy, index, verify, schedule, plan for
 * scale-out, backup). Here only what every job uses: the table selection, the server's catalog, connection
 * factories, the retry policy and helpers for the server's raw pseudo-types and missing features.
 */
package io.rethinkmigrate.engine;
