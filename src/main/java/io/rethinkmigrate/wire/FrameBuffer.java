package io.rethinkmigrate.wire;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * Growable byte buffer that a query is serialized into, with room for the 12-byte frame header in
 * front so the whole frame goes to the socket in one write without copying. It refuses to grow past
 * a limit so an oversized query fails before it is fully built, let alone sent.
 */
final class FrameBuffer extends OutputStream {
    private final int headerBytes;
    private final long maxBodyBytes;
    private byte[] buf;
    private int count;

    FrameBuffer(int headerBytes, long maxBodyBytes, int initialCapacity) {
        this.headerBytes = headerBytes;
        this.maxBodyBytes = maxBodyBytes;
        this.buf = new byte[Math.max(headerBytes + 16, initialCapacity)];
        this.count = headerBytes;
    }

    /** Thrown when the body would reach the limit. */
    static final class TooLargeException extends RuntimeException {
        TooLargeException(String message) {
            super(message, null, false, false);
        }
    }

    private void ensure(int extra) {
        long needed = (long) count + extra;
        if (needed - headerBytes >= maxBodyBytes) {
            throw new TooLargeException("query of " + (needed - headerBytes) + "+ bytes reaches the limit of "
                    + maxBodyBytes + " bytes");
        }
        if (needed > buf.length) {
            long grown = Math.max(needed, (long) buf.length * 2);
            grown = Math.min(grown, Math.min(Integer.MAX_VALUE - 16L, maxBodyBytes + headerBytes));
            buf = Arrays.copyOf(buf, (int) grown);
        }
    }

    @Override
    public void write(int b) {
        ensure(1);
        buf[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, count, len);
        count += len;
    }

    private static final byte[] HEX = "0123456789abcdef".getBytes();

    /** Extra bytes a byte takes once escaped inside a JSON string: 1 for quote and backslash, 5 for controls. */
    static final byte[] ESCAPE_EXTRA = new byte[256];

    static {
        for (int b = 0; b < 0x20; b++) {
            ESCAPE_EXTRA[b] = 5;
        }
        ESCAPE_EXTRA['"'] = 1;
        ESCAPE_EXTRA['\\'] = 1;
    }

    /**
     * Writes UTF-8 bytes as the inside of a JSON string: quote and backslash escaped, control bytes as
     * \\u00XX, every other byte (multi-byte UTF-8 included) copied as is. No String is ever built.
     * One loop copying byte by byte into the array: a batch of documents holds a quote every few bytes,
     * so copying the runs between them with one call each costs more than the copy itself.
     */
    void writeEscapedUtf8(byte[] src, int off, int len) {
        ensure(len);
        byte[] out = buf;
        int pos = count;
        for (int i = off, end = off + len; i < end; i++) {
            byte b = src[i];
            int extra = ESCAPE_EXTRA[b & 0xff];
            if (extra == 0) {
                out[pos++] = b;
                continue;
            }
            count = pos;
            ensure(end - i + extra); // the rest, with this escape
            out = buf;
            out[pos++] = '\\';
            if (extra == 1) {
                out[pos++] = b;
            } else {
                out[pos++] = 'u';
                out[pos++] = '0';
                out[pos++] = '0';
                out[pos++] = HEX[b >> 4];
                out[pos++] = HEX[b & 0xf];
            }
        }
        count = pos;
    }

    int bodyLength() {
        return count - headerBytes;
    }

    byte[] array() {
        return buf;
    }

    /** Length of header plus body. */
    int frameLength() {
        return count;
    }

    void putHeader(long token) {
        int body = bodyLength();
        for (int i = 0; i < 8; i++) {
            buf[i] = (byte) (token >>> (8 * i));
        }
        for (int i = 0; i < 4; i++) {
            buf[8 + i] = (byte) (body >>> (8 * i));
        }
    }
}
