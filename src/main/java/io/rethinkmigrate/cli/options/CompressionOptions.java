package io.rethinkmigrate.cli.options;

import io.rethinkmigrate.archive.compress.ArchiveCompression;
import io.rethinkmigrate.archive.tar.ArchiveWriterOptions;
import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;
import picocli.CommandLine.Option;

/** `dump --compress` and `--compress-level`, with their checks (usage errors name the option). */
public final class CompressionOptions {
    @Option(names = "--compress", paramLabel = "gzip|zstd|none",
            description = "compression of the archive (default: gzip, the only one the official restore reads; "
                    + "zstd: faster and smaller; none: a plain tar)")
    public String compress = "gzip";

    @Option(names = "--compress-level", paramLabel = "N",
            description = "compression level: gzip 0-9 (default 6), zstd 1-19 (default 3)")
    public Integer level;

    /** {@code options} with the chosen compression and level, or a usage error. */
    public ArchiveWriterOptions applyTo(ArchiveWriterOptions options) {
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
