package io.rethinkmigrate.archive.tar;

import io.rethinkmigrate.archive.ArchiveException;
import io.rethinkmigrate.error.ErrorKind;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Supplier;

/**
 * Sits on the decompressed side of an archive and stops a decompression bomb: the archive may not
 * expand beyond {@link ArchiveLimits#maxUncompressedBytes()} in total, nor more than
 * {@link ArchiveLimits#maxCompressionRatio()} times over any stretch of {@link ArchiveLimits#RATIO_WINDOW}
 * decompressed bytes. It sees every byte the tar reader sees (headers, PAX records, padding, skipped
 * members), so a bomb hidden in a member we ignore is caught as well.
 */
final class InflationGuard extends WatchedInputStream {
    private final Compressed compressed;
    private final ArchiveLimits limits;
    private final String source;
    private final Supplier<String> where;
    private long total;
    private long windowStartOut;
    private long windowStartIn;

    /**
     * @param compressed counts what the decompressor has consumed (sits between the raw file and it)
     * @param where      the member being read, for the message
     */
    InflationGuard(InputStream decompressed, Compressed compressed, ArchiveLimits limits, String source,
                   Supplier<String> where) {
        super(decompressed);
        this.compressed = compressed;
        this.limits = limits;
        this.source = source;
        this.where = where;
    }

    @Override
    void seen(byte[] b, int off, int n) {
        count(n);
    }

    /** Decompressed bytes so far. */
    long total() {
        return total;
    }

    private void count(int n) {
        total += n;
        if (total > limits.maxUncompressedBytes()) {
            throw new ArchiveException(ErrorKind.ARCHIVE_TOO_LARGE, source + ": " + where.get()
                    + ": the archive decompresses to more than --max-uncompressed-bytes "
                    + limits.maxUncompressedBytes() + " bytes");
        }
        long out = total - windowStartOut;
        if (out >= ArchiveLimits.RATIO_WINDOW) {
            long in = Math.max(1, compressed.count() - windowStartIn);
            if (limits.maxCompressionRatio() > 0 && out / in > limits.maxCompressionRatio()) {
                throw new ArchiveException(ErrorKind.ARCHIVE_TOO_LARGE, source + ": " + where.get()
                        + ": decompression bomb: " + out + " bytes came out of " + in + " compressed bytes (ratio "
                        + out / in + ", more than --max-compression-ratio " + limits.maxCompressionRatio() + ")");
            }
            windowStartOut = total;
            windowStartIn = compressed.count();
        }
    }

    /** Counts the compressed bytes read through it. */
    static final class Compressed extends WatchedInputStream {
        private long count;

        Compressed(InputStream in) {
            super(in);
        }

        @Override
        void seen(byte[] b, int off, int n) {
            count += n;
        }

        long count() {
            return count;
        }
    }
}
