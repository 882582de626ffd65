package io.rethinkmigrate.cli.options;

import io.rethinkmigrate.archive.tar.ArchiveLimits;
import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;
import java.util.Locale;
import picocli.CommandLine.Option;

/** How far an archive may expand when read: the guard against decompression bombs and lying headers. */
public final class ArchiveLimitOptions {
    @Option(names = "--max-uncompressed-bytes", paramLabel = "SIZE",
            description = "refuse an archive that decompresses to more than SIZE, or has a member declaring more "
                    + "(bytes, or with K, M, G, T: powers of 1024; default 1T)")
    public String maxUncompressed;

    @Option(names = "--max-compression-ratio", paramLabel = "N",
            description = "refuse an archive expanding more than N times over any 128 MiB of its data "
                    + "(default ${DEFAULT-VALUE}; gzip cannot exceed about 1032; 0: no check)")
    public long maxRatio = ArchiveLimits.DEFAULT_MAX_COMPRESSION_RATIO;

    /** The limits, or a usage error naming the option. */
    public ArchiveLimits limits() {
        long max = maxUncompressed == null ? ArchiveLimits.DEFAULT_MAX_UNCOMPRESSED_BYTES
                : parseSize("--max-uncompressed-bytes", maxUncompressed);
        if (maxRatio < 0) {
            throw new MigrateException(ErrorKind.USAGE, "--max-compression-ratio " + maxRatio + ": must be 0 or more");
        }
        return new ArchiveLimits(max, maxRatio);
    }

    /** {@code 123}, {@code 64K}, {@code 10M}, {@code 2G}, {@code 1T} (powers of 1024; an optional trailing B or iB). */
    public static long parseSize(String option, String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        if (t.endsWith("IB")) {
            t = t.substring(0, t.length() - 2);
        } else if (t.endsWith("B")) {
            t = t.substring(0, t.length() - 1);
        }
        int shift = 0;
        if (!t.isEmpty()) {
            switch (t.charAt(t.length() - 1)) {
                case 'K' -> shift = 10;
                case 'M' -> shift = 20;
                case 'G' -> shift = 30;
                case 'T' -> shift = 40;
                case 'P' -> shift = 50;
                default -> shift = 0;
            }
        }
        if (shift > 0) {
            t = t.substring(0, t.length() - 1);
        }
        try {
            long n = Long.parseLong(t);
            if (n < 1 || n > (Long.MAX_VALUE >> shift)) {
                throw new NumberFormatException();
            }
            return n << shift;
        } catch (NumberFormatException e) {
            throw new MigrateException(ErrorKind.USAGE, option + " " + text
                    + ": not a size (a positive number of bytes, or with K, M, G, T)");
        }
    }
}
