package io.rethinkmigrate.error;

/**
 * What kind of failure stopped a run. The CLI maps each kind to one exit code (see cli.ExitCode);
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
    /** An archive member that could escape the temp area or is not a plain file: absolute path, `..`, link, device. */
    ARCHIVE_UNSAFE,
    /** An archive whose declared sizes or decompression ratio exceed the limits (a decompression bomb). */
    ARCHIVE_TOO_LARGE,
    /** A data member that is not valid JSON (file and line named). */
    ARCHIVE_BAD_DATA,
    /** An archive that contradicts itself: duplicate tables, an .info or manifest disagreeing with the data. */
    ARCHIVE_INCONSISTENT,
    /** verify found differences between the two sides. */
    DIFFERENT,
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
