package io.rethinkmigrate.engine.backup;

import io.rethinkmigrate.archive.tar.ArchiveWriterOptions;
import io.rethinkmigrate.engine.Selection;
import io.rethinkmigrate.engine.read.DumpOptions;
import java.time.Duration;

/**
 * How to back up.
 *
 * @param dump          which tables (`-e`) and how a base is read (`--clients`, `--read-outdated`)
 * @param writer        how a base archive is written (compression, temp directory)
 * @param segment       how long a log segment stays open before it is sealed (`--segment-seconds`)
 * @param poll          how often tables, indexes and write hooks are looked at (`--poll-seconds`)
 * @param baseEvery     how often every table gets a new base (`--base-every`)
 * @param keep          how far back restores must stay possible, or null to keep everything (`--keep`)
 */
public record BackupOptions(DumpOptions dump, ArchiveWriterOptions writer, Duration segment, Duration poll,
                            Duration baseEvery, Duration keep) {
    public static final Duration DEFAULT_SEGMENT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_POLL = Duration.ofSeconds(10);
    public static final Duration DEFAULT_BASE_EVERY = Duration.ofHours(24);

    public BackupOptions {
        if (segment.isNegative() || segment.isZero() || poll.isNegative() || poll.isZero()
                || baseEvery.isNegative() || baseEvery.isZero() || keep != null && (keep.isNegative() || keep.isZero())) {
            throw new IllegalArgumentException("backup intervals must be positive");
        }
    }

    public static BackupOptions defaults(Selection selection) {
        return new BackupOptions(DumpOptions.defaults().withSelection(selection), ArchiveWriterOptions.defaults(),
                DEFAULT_SEGMENT, DEFAULT_POLL, DEFAULT_BASE_EVERY, null);
    }

    public BackupOptions withIntervals(Duration segmentEvery, Duration pollEvery, Duration baseInterval, Duration keepFor) {
        return new BackupOptions(dump, writer, segmentEvery, pollEvery, baseInterval, keepFor);
    }
}
