package io.rethinkmigrate.engine.dump;

import io.rethinkmigrate.archive.meta.Manifest;
import io.rethinkmigrate.archive.meta.TableInfo;
import io.rethinkmigrate.engine.read.DumpOptions;
import io.rethinkmigrate.engine.read.RangePlanner;
import io.rethinkmigrate.model.TableId;
import io.rethinkmigrate.wire.Connection;
import java.util.List;

/**
 * Which part of the selected tables a dump reads: by default all of every table, cut into ranges as
 * {@link RangePlanner} decides; a part of a plan (engine/plan) reads only its own ranges and says so in
 * the manifest. A table given no range is still written, empty, with its metadata.
 */
public interface DumpScope {
    /** A whole dump. */
    DumpScope WHOLE = new DumpScope() {
    };

    /** The tables to dump out of those the selection picks; {@code warnings} gets what is left out and why. */
    default List<TableId> tables(List<TableId> selected, List<String> warnings) {
        return selected;
    }

    /** The key ranges of a table to read (none: the table is written empty). */
    default RangePlanner.Plan ranges(Connection control, TableId table, TableInfo info, DumpOptions options) {
        return RangePlanner.plan(control, table, info, options);
    }

    /** Adds what the archive should record about the scope to its manifest. */
    default void describe(Manifest manifest) {
    }
}
