package io.rethinkmigrate.engine.index;

import io.rethinkmigrate.engine.Selection;

/**
 * How to rebuild indexes.
 *
 * @param selection   which tables (`-r/--rebuild DB[.TABLE]`, all when none)
 * @param concurrency indexes rebuilt at once, each on its own connection (`-n`)
 * @param force       rebuild every index, not only those the server calls outdated (`--force`)
 */
public record IndexRebuildOptions(Selection selection, int concurrency, boolean force) {
    public static final int DEFAULT_CONCURRENCY = 1;

    public IndexRebuildOptions {
        if (selection == null) {
            selection = Selection.all();
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1");
        }
    }

    public static IndexRebuildOptions defaults() {
        return new IndexRebuildOptions(Selection.all(), DEFAULT_CONCURRENCY, false);
    }
}
