/**
 * The command-line options shared by several commands (connection, password, TLS, timeouts, read, write,
 * compression, spool directory, verify-after, part plan, progress, report), each a picocli mixin that turns
 * what was typed into engine settings.
 */
package io.rethinkmigrate.cli.options;
