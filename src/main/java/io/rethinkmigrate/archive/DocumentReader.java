package io.rethinkmigrate.archive;

import io.rethinkmigrate.json.RawJson;
import java.io.IOException;

/** The documents of one table of an archive, in file order. */
public interface DocumentReader {

    /** The next document as compact JSON, or null at the end of the table. Throws ArchiveException on bad JSON. */
    RawJson next() throws IOException;

    /** Where the reader is, for error messages: the member name and line. */
    String position();
}
