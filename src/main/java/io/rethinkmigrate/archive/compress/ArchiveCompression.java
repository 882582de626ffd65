package io.rethinkmigrate.archive.compress;

import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * How the tar of an archive is compressed ({@code dump --compress}). Every kind is written as a series
 * of independently compressed pieces (see docs/archive-format.md §6, {@link CompressedOutput}) that read
 * as one stream: gzip as one member, zstd as frames, plain tar as it is. Only gzip is
 * readable by the official {@code rethinkdb restore}; the reader detects all three by their first bytes.
 */
public enum ArchiveCompression {
    GZIP(6, 0, 9, ".tar.gz"),
    ZSTD(3, 1, 19, ".tar.zst"),
    NONE(0, 0, 0, ".tar");

    private static final byte[] ZSTD_MAGIC = {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd};

    private final int defaultLevel;
    private final int minLevel;
    private final int maxLevel;
    private final String extension;

    ArchiveCompression(int defaultLevel, int minLevel, int maxLevel, String extension) {
        this.defaultLevel = defaultLevel;
        this.minLevel = minLevel;
        this.maxLevel = maxLevel;
        this.extension = extension;
    }

    /** "gzip", "zstd" or "none" (case-insensitive); null for anything else. */
    public static ArchiveCompression parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "gzip", "gz" -> GZIP;
            case "zstd", "zst" -> ZSTD;
            case "none" -> NONE;
            default -> null;
        };
    }

    public String optionName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public int defaultLevel() {
        return defaultLevel;
    }

    public int minLevel() {
        return minLevel;
    }

    public int maxLevel() {
        return maxLevel;
    }

    /** The archive file's usual ending: {@code .tar.gz}, {@code .tar.zst}, {@code .tar}. */
    public String extension() {
        return extension;
    }

    /**
     * A stream that compresses everything written to it as a piece of this kind for
     * {@link CompressedOutput#appendCompressed}, possibly on several threads (gzip: raw deflate runs).
     */
    public OutputStream compressing(OutputStream out, int level) throws IOException {
        return switch (this) {
            case GZIP -> new ParallelDeflateOutputStream(out, level);
            case ZSTD -> {
                ZstdOutputStream zstd = new ZstdOutputStream(out, level);
                zstd.setWorkers(Math.max(1, Runtime.getRuntime().availableProcessors()));
                yield zstd;
            }
            case NONE -> out;
        };
    }

    /**
     * The decompressed content of an archive, by its first bytes: zstd frames, or a plain tar (ustar
     * magic at offset 257); anything else is read as gzip (whose reader names what is wrong).
     */
    public static InputStream decompressing(InputStream in) throws IOException {
        BufferedInputStream buffered = in instanceof BufferedInputStream b ? b : new BufferedInputStream(in, 64 * 1024);
        buffered.mark(512);
        byte[] head = buffered.readNBytes(512);
        buffered.reset();
        if (startsWith(head, ZSTD_MAGIC)) {
            return new ZstdInputStream(buffered);
        }
        if (head.length >= 262 && head[257] == 'u' && head[258] == 's' && head[259] == 't' && head[260] == 'a'
                && head[261] == 'r') {
            return buffered;
        }
        return GzipCompressorInputStream.builder().setInputStream(buffered).setDecompressConcatenated(true).get();
    }

    private static boolean startsWith(byte[] data, byte[] prefix) {
        if (data.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
