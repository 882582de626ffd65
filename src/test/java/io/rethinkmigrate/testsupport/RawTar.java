package io.rethinkmigrate.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Writes tar archives byte by byte, including what no tar library will write: any type flag (links,
 * devices, FIFOs), names that are absolute, escape with {@code ..} or are not UTF-8, a declared size
 * different from the data that follows, huge sizes in octal or base-256, PAX records, and a wrong header
 * checksum. For the hostile-archive tests; {@link #gzip} compresses the result.
 */
public final class RawTar {
    public static final char FILE = '0';
    public static final char HARD_LINK = '1';
    public static final char SYMLINK = '2';
    public static final char CHAR_DEVICE = '3';
    public static final char BLOCK_DEVICE = '4';
    public static final char DIRECTORY = '5';
    public static final char FIFO = '6';
    public static final char PAX = 'x';
    public static final char GNU_LONG_NAME = 'L';

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** A regular file whose declared size is its length. */
    public RawTar file(String name, String content) {
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        return entry(name.getBytes(StandardCharsets.UTF_8), FILE, "", octal(data.length), data, false);
    }

    public RawTar directory(String name) {
        return entry(name.getBytes(StandardCharsets.UTF_8), DIRECTORY, "", octal(0), new byte[0], false);
    }

    /** A link, device or FIFO (no data). */
    public RawTar special(String name, char type, String linkName) {
        return entry(name.getBytes(StandardCharsets.UTF_8), type, linkName, octal(0), new byte[0], false);
    }

    /** PAX extended header records (key=value) applying to the next entry. */
    public RawTar pax(Map<String, String> records) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Map.Entry<String, String> r : records.entrySet()) {
            String kv = " " + r.getKey() + "=" + r.getValue() + "\n";
            int len = kv.length();
            int total = len + String.valueOf(len).length();
            if (String.valueOf(total).length() != String.valueOf(len).length()) {
                total++;
            }
            body.writeBytes((total + kv).getBytes(StandardCharsets.UTF_8));
        }
        byte[] data = body.toByteArray();
        return entry("././@PaxHeader".getBytes(StandardCharsets.UTF_8), PAX, "", octal(data.length), data, false);
    }

    /**
     * Any entry: {@code sizeField} is the raw 12-byte size field (see {@link #octal}, {@link #base256}),
     * {@code data} what follows it (padded to 512), whatever the field says; {@code badChecksum} stores a
     * checksum that does not match the header.
     */
    public RawTar entry(byte[] name, char type, String linkName, byte[] sizeField, byte[] data, boolean badChecksum) {
        byte[] h = new byte[512];
        System.arraycopy(name, 0, h, 0, Math.min(name.length, 100));
        put(h, 100, "0000644\0");
        put(h, 108, "0001750\0");
        put(h, 116, "0001750\0");
        System.arraycopy(sizeField, 0, h, 124, 12);
        put(h, 136, "14725121600\0");
        h[156] = (byte) type;
        byte[] link = linkName.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(link, 0, h, 157, Math.min(link.length, 100));
        put(h, 257, "ustar\0");
        put(h, 263, "00");
        put(h, 265, "user");
        put(h, 297, "user");
        Arrays.fill(h, 148, 156, (byte) ' ');
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        if (badChecksum) {
            sum += 7;
        }
        put(h, 148, String.format("%06o", sum) + "\0 ");
        out.writeBytes(h);
        out.writeBytes(data);
        int pad = (512 - data.length % 512) % 512;
        out.writeBytes(new byte[pad]);
        return this;
    }

    /** Raw bytes, as they are (garbage, a partial header). */
    public RawTar raw(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    /** The tar, with the two zero blocks that end an archive when {@code endMarker}. */
    public byte[] tar(boolean endMarker) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(out.toByteArray());
        if (endMarker) {
            all.writeBytes(new byte[1024]);
        }
        return all.toByteArray();
    }

    public byte[] tarGz() {
        return gzip(tar(true));
    }

    public static byte[] gzip(byte[] bytes) {
        return gzip(bytes, java.util.zip.Deflater.DEFAULT_COMPRESSION);
    }

    /** With a deflate level (1 is fastest). */
    public static byte[] gzip(byte[] bytes, int level) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(buf) {
            {
                def.setLevel(level);
            }
        }) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buf.toByteArray();
    }

    /** A size field in octal (11 digits and NUL; at most 8 GiB - 1). */
    public static byte[] octal(long size) {
        byte[] f = new byte[12];
        put(f, 0, String.format("%011o", size) + "\0");
        return f;
    }

    /** A size field in GNU base-256 (for sizes of 8 GiB and more, or negative ones). */
    public static byte[] base256(long size) {
        byte[] f = new byte[12];
        for (int i = 11; i >= 4; i--) {
            f[i] = (byte) (size >>> (8 * (11 - i)));
        }
        f[0] = (byte) (size < 0 ? 0xff : 0x80);
        if (size < 0) {
            Arrays.fill(f, 1, 4, (byte) 0xff);
        }
        return f;
    }

    private static void put(byte[] h, int at, String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(b, 0, h, at, b.length);
    }
}
