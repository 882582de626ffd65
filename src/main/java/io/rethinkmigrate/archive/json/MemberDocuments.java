package io.rethinkmigrate.archive.json;

import io.rethinkmigrate.archive.ArchiveException;
import io.rethinkmigrate.archive.DocumentReader;
import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.json.RawJson;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Function;

/**
 * The documents of one data member, read incrementally: a JSON array of objects (the official form)
 * or objects one after the other (NDJSON / concatenated), decided by the first non-blank character as
 * the official importer does. Each document comes out as compact JSON ({@link JsonDocumentScanner}:
 * numbers as their exact text, non-ASCII as raw UTF-8). Memory is bounded by one document.
 *
 * <p>Invalid JSON is {@link ErrorKind#ARCHIVE_BAD_DATA}; given the table's primary key, a document
 * without it is {@link ErrorKind#ARCHIVE_INCONSISTENT} (every document a server stores has its primary
 * key, and the server would invent a new one for a document lacking it, silently changing the data).
 */
public final class MemberDocuments implements DocumentReader, AutoCloseable {
    private final JsonDocumentScanner scanner;
    private final String label;
    private final Function<IOException, ArchiveException> ioFailure;
    private final String primaryKey;
    private boolean finished;
    private String badData;
    private boolean closed;
    private long count;

    /**
     * @param label     what error messages name: "&lt;archive&gt;: &lt;member&gt;"
     * @param ioFailure turns a read failure of the underlying archive into the archive's error
     */
    public MemberDocuments(InputStream in, String label, Function<IOException, ArchiveException> ioFailure) {
        this(in, label, ioFailure, null);
    }

    /** @param primaryKey every document must have this top-level field; null: no check (import files) */
    public MemberDocuments(InputStream in, String label, Function<IOException, ArchiveException> ioFailure,
                    String primaryKey) {
        this.scanner = new JsonDocumentScanner(in, primaryKey);
        this.label = label;
        this.ioFailure = ioFailure;
        this.primaryKey = primaryKey;
    }

    @Override
    public RawJson next() throws IOException {
        if (closed) {
            throw new IllegalStateException("documents of " + label + " read after the table was visited");
        }
        if (badData != null) {
            throw new ArchiveException(ErrorKind.ARCHIVE_BAD_DATA, badData); // nothing can be read past bad JSON
        }
        if (finished) {
            return null;
        }
        RawJson doc;
        try {
            doc = scanner.next();
        } catch (JsonDocumentScanner.Malformed e) {
            badData = label + " line " + e.line + ": " + oneLine(e.problem());
            throw e.empty ? new EmptyMember(badData) : new ArchiveException(ErrorKind.ARCHIVE_BAD_DATA, badData);
        } catch (IOException e) {
            throw ioFailure.apply(e);
        }
        if (doc == null) {
            finished = true;
            return null;
        }
        if (primaryKey != null && !scanner.hasPrimaryKey()) {
            throw new ArchiveException(ErrorKind.ARCHIVE_INCONSISTENT, label + " line " + scanner.documentLine()
                    + ": document has no primary key `" + primaryKey + "` (the table's .info declares it)");
        }
        count++;
        return doc;
    }

    /** Documents returned so far. */
    public long count() {
        return count;
    }

    @Override
    public String position() {
        return label + " line " + scanner.line();
    }

    /**
     * A member name as error messages show it: control characters escaped ({@code \n}, {@code \u001b}),
     * so that a hostile name can neither break the one-line error nor drive the terminal.
     */
    public static String printable(String name) {
        if (name == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '\t') {
                out.append("\\t");
            } else if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\u2028' || c == '\u2029') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    public static String oneLine(String s) {
        return s == null ? "" : printable(s.replace('\n', ' ').replace('\r', ' '));
    }

    @Override
    public void close() {
        closed = true; // the underlying stream is closed by its owner
    }

    /** A member holding nothing but blanks: bad data in an archive, an empty table for an import file. */
    public static final class EmptyMember extends ArchiveException {
        private static final long serialVersionUID = 1L;

        EmptyMember(String message) {
            super(ErrorKind.ARCHIVE_BAD_DATA, message);
        }
    }
}
