package io.rethinkmigrate.engine.backup;

import io.rethinkmigrate.model.TableId;

/** What a running backup tells its user (lines on stderr, the report); by default nothing. */
public interface BackupListener {
    BackupListener NONE = new BackupListener() {
    };

    /** Something worth a line: a feed lost, a table created or dropped, a base failed. */
    default void notice(TableId table, String message) {
    }

    default void baseCompleted(TableId table, String file, long documents) {
    }

    /** A segment sealed: its records, and the changes received since the run started. */
    default void sealed(String file, long records, long changesSinceStart) {
    }
}
