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

    /**
     * Writes UTF-8 bytes as the inside of a JSON string: quote and backslash escaped, control bytes as
     * \\u00XX, every other byte (multi-byte UTF-8 included) copied as is. No String is ever built.
     */
    void writeEscapedUtf8(byte[] src, int off, int len) {
        int end = off + len;
        int runStart = off;
        for (int i = off; i < end; i++) {
            int b = src[i] & 0xff;
            if (b >= 0x20 && b != '"' && b != '\\') {
                continue;
            }
            write(src, runStart, i - runStart);
            if (b == '"' || b == '\\') {
                ensure(2);
                buf[count++] = '\\';
                buf[count++] = (byte) b;
            } else {
                ensure(6);
                buf[count++] = '\\';
                buf[count++] = 'u';
                buf[count++] = '0';
                buf[count++] = '0';
                buf[count++] = HEX[b >> 4];
                buf[count++] = HEX[b & 0xf];
            }
            runStart = i + 1;
        }
        write(src, runStart, end - runStart);
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
