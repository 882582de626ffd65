package io.rethinkmigrate.archive.compress;

import com.github.luben.zstd.Zstd;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.CRC32;

/**
 * An archive's compressed output, made of pieces compressed apart: small ones compressed here (tar
 * headers, {@code .info} and metadata members, the end blocks) and tables' data spooled already
 * compressed by {@link ArchiveCompression#compressing} on their own threads. The pieces read as one
 * stream: for gzip, raw deflate runs that each end byte-aligned, framed by one gzip member's header and
 * trailer, whose CRC-32 is combined from the pieces'; for zstd, one frame per piece (RFC 8878 §3.1);
 * for none, the bytes as they are.
 *
 * <p>One gzip member, not one per piece: Python's stream reader ({@code tarfile.open(mode='r|*')}, which
 * the official {@code rethinkdb restore} uses) reads only the first member of a gzip file.
 */
public final class CompressedOutput {
    private static final byte[] GZIP_HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};
    /** An empty fixed-Huffman block with BFINAL set: ends the deflate stream after the last sync flush. */
    private static final byte[] FINAL_EMPTY_BLOCK = {0x03, 0x00};
    private static final byte[] NO_DICTIONARY = {};

    private final OutputStream out;
    private final ArchiveCompression kind;
    private final int level;
    private long crc;
    private long length;
    private boolean started;

    public CompressedOutput(OutputStream out, ArchiveCompression kind, int level) {
        this.out = out;
        this.kind = kind;
        this.level = level;
    }

    /** Compresses {@code data} as one piece and writes it. */
    public void writePiece(byte[] data) throws IOException {
        start();
        byte[] piece = switch (kind) {
            case GZIP -> ParallelDeflateOutputStream.deflateRun(NO_DICTIONARY, data, data.length, level);
            case ZSTD -> Zstd.compress(data, level);
            case NONE -> data;
        };
        out.write(piece);
        CRC32 pieceCrc = new CRC32();
        pieceCrc.update(data);
        account(pieceCrc.getValue(), data.length);
    }

    /**
     * Copies a piece compressed elsewhere by {@link ArchiveCompression#compressing}, whose uncompressed
     * form has this CRC-32 and length.
     */
    public void appendCompressed(InputStream compressed, long uncompressedCrc, long uncompressedLength)
            throws IOException {
        start();
        compressed.transferTo(out);
        account(uncompressedCrc, uncompressedLength);
    }

    /** Ends the stream (gzip: the final block and the trailer); nothing is written after this. */
    public void finish() throws IOException {
        start();
        if (kind == ArchiveCompression.GZIP) {
            out.write(FINAL_EMPTY_BLOCK);
            byte[] trailer = new byte[8];
            putIntLe(trailer, 0, (int) crc);
            putIntLe(trailer, 4, (int) length); // ISIZE: the length modulo 2^32 (RFC 1952)
            out.write(trailer);
        }
    }

    /**
     * Marks an aborted stream as incomplete, so that every reader reports it as truncated: a gzip member
     * that was never ended already is; a zstd stream gets a frame's magic with nothing after it; a plain
     * tar without its end-of-archive blocks is reported as truncated as it is.
     */
    public void markTruncated() throws IOException {
        start();
        if (kind == ArchiveCompression.ZSTD) {
            out.write(new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd});
        }
    }

    private void start() throws IOException {
        if (!started) {
            started = true;
            if (kind == ArchiveCompression.GZIP) {
                out.write(GZIP_HEADER);
            }
        }
    }

    private void account(long pieceCrc, long pieceLength) {
        crc = Crc32Combine.combine(crc, pieceCrc, pieceLength);
        length += pieceLength;
    }

    private static void putIntLe(byte[] into, int at, int v) {
        into[at] = (byte) v;
        into[at + 1] = (byte) (v >>> 8);
        into[at + 2] = (byte) (v >>> 16);
        into[at + 3] = (byte) (v >>> 24);
    }
}
