package io.rethinkmigrate.engine.verify;

import io.rethinkmigrate.engine.Selection;
import io.rethinkmigrate.model.TableId;
import java.io.IOException;
import java.util.Map;

/** One side of a verify: an archive or a live cluster. */
public interface VerifySide {

    /** What messages call it, e.g. "archive /tmp/x.tar.gz" or "server db1:28015". */
    String describe();

    /** The tables the selection picks, each with its metadata and the digest of its documents. */
    Map<TableId, SideTable> read(Selection selection) throws IOException, InterruptedException;

    /** False when the side can be read only once (an archive from stdin): keys cannot be listed then. */
    boolean rereadable();

    /**
     * For each table, the documents the filter takes: canonical primary key text → document hash.
     * Memory is what the filters take, which the caller bounds.
     */
    Map<TableId, Map<String, Long>> keys(Map<TableId, KeyFilter> filters) throws IOException, InterruptedException;
}
