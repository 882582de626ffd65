/**
 * The project's one exception type and its kinds: the kind decides the exit code (mapped in
 * {@code cli.ExitCode}), never the message text.
 */
package io.rethinkmigrate.error;
