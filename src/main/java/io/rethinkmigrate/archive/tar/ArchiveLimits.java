package io.rethinkmigrate.archive.tar;

/**
 * How much an archive may expand when read, so that a hostile or broken archive (a decompression bomb,
 * a header declaring petabytes) fails with a clear error instead of filling memory or running for days.
 * The defaults are far above what a real dump reaches: see docs/archive-format.md, "What the reader refuses".
 *
 * @param maxUncompressedBytes most bytes the whole archive may decompress to, and most a single member
 *                             may declare ({@code --max-uncompressed-bytes}; default 1 TiB)
 * @param maxCompressionRatio  most decompressed bytes per compressed byte over any stretch of
 *                             {@link #RATIO_WINDOW} decompressed bytes ({@code --max-compression-ratio};
 *                             default 1000: gzip's deflate cannot exceed about 1032, and only a long run of
 *                             one repeated byte gets near it, which real documents do not hold); 0 turns
 *                             the check off
 */
public record ArchiveLimits(long maxUncompressedBytes, long maxCompressionRatio) {
    public static final long TIB = 1L << 40;
    public static final long DEFAULT_MAX_UNCOMPRESSED_BYTES = TIB;
    public static final long DEFAULT_MAX_COMPRESSION_RATIO = 1000;
    /** The ratio is measured over stretches this long, so that read-ahead buffers do not skew it. */
    public static final long RATIO_WINDOW = 128L << 20;
    /** A {@code .info} member is metadata: anything bigger than this is not one. */
    public static final long MAX_INFO_BYTES = 16L << 20;
    /** Tar metadata read into memory (PAX records, GNU long names): paths and a few keys, never this much. */
    public static final long MAX_TAR_METADATA_BYTES = 1L << 20;

    public ArchiveLimits {
        if (maxUncompressedBytes < 1) {
            throw new IllegalArgumentException("maxUncompressedBytes must be at least 1");
        }
        if (maxCompressionRatio < 0) {
            throw new IllegalArgumentException("maxCompressionRatio must not be negative");
        }
    }

    public static ArchiveLimits defaults() {
        return new ArchiveLimits(DEFAULT_MAX_UNCOMPRESSED_BYTES, DEFAULT_MAX_COMPRESSION_RATIO);
    }
}
