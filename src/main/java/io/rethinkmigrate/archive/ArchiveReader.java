package io.rethinkmigrate.archive;

import io.rethinkmigrate.archive.meta.ArchiveMetadata;
import io.rethinkmigrate.archive.meta.TableEntry;
import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** Reads one archive, whatever its format: restore code sees only this. */
public interface ArchiveReader extends Closeable {

    /**
     * Every table of the archive with its metadata, known before any data is read; empty when the source
     * cannot tell without reading it all (a stream whose tables are not listed up front).
     */
    Optional<List<TableEntry>> catalog() throws IOException;

    /** Visits every table once, metadata first, in the order the data can be streamed. */
    void read(TableVisitor visitor) throws IOException;

    /**
     * Databases (empty ones included), users, permissions, cluster settings and the manifest, as far as the
     * archive has them and they have been read: complete after {@link #catalog()} of a file; from a stream,
     * the database and cluster members before the first table, the manifest after {@link #read}. Formats
     * without metadata answer {@link ArchiveMetadata#none()}.
     */
    default ArchiveMetadata metadata() {
        return ArchiveMetadata.none();
    }
}
