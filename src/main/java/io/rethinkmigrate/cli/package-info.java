/**
 * The command line: Main and the exit codes, and one picocli command per job (dump, restore, copy, ...);
 * the shared options live in {@code cli.options}, the stderr displays in {@code cli.progress}.
 */
package io.rethinkmigrate.cli;
