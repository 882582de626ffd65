package io.rethinkmigrate.error;

/**
 * What kind of failure stopped a run. The CLI maps each kind to one exit code (see cli.ExitCodes);
 * the library decides on these kinds, never on message text.
 */
public enum ErrorKind {
    /** Bad option, bad selection, missing argument. */
    USAGE,
    /** Could not reach the server, or the connection broke. */
    CONNECTION,
    /** The server refused the user, password or auth key. */
    AUTHENTICATION,
    /** An archive that cannot be read: not gzip, not tar, bad layout, invalid JSON, missing .info. */
    ARCHIVE,
    /** Refused to overwrite: a target table or an output file already exists (use --force / --overwrite-file). */
    TARGET_EXISTS,
    /** The server answered a query with an error. */
    SERVER,
    /** Some tables were done, others failed; the summary says which. */
    PARTIAL,
    /** Stopped by the user (Ctrl-C). */
    INTERRUPTED,
    /** A local file could not be read or written. */
    IO,
    /** A bug: anything not covered above. */
    INTERNAL
}
