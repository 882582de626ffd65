package io.rethinkmigrate.cli.options;

import io.rethinkmigrate.archive.compress.ArchiveCompression;
import io.rethinkmigrate.archive.tar.ArchiveWriterOptions;
import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;

/** Checks `dump --compress` and `--compress-level` (usage errors name the option). */
public final class CompressionOptions {
    private CompressionOptions() {
    }

    public static ArchiveWriterOptions apply(String compress, Integer level, ArchiveWriterOptions options) {
        ArchiveCompression kind = ArchiveCompression.parse(compress);
        if (kind == null) {
            throw new MigrateException(ErrorKind.USAGE, "--compress " + compress + ": must be gzip, zstd or none");
        }
        if (level == null) {
            return options.withCompression(kind, kind.defaultLevel());
        }
        if (kind == ArchiveCompression.NONE) {
            throw new MigrateException(ErrorKind.USAGE, "--compress-level " + level + ": --compress none has no level");
        }
        if (level < kind.minLevel() || level > kind.maxLevel()) {
            throw new MigrateException(ErrorKind.USAGE, "--compress-level " + level + ": " + kind.optionName()
                    + " levels are " + kind.minLevel() + " to " + kind.maxLevel());
        }
        return options.withCompression(kind, level);
    }
}
