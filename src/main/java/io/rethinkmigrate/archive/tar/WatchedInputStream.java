package io.rethinkmigrate.archive.tar;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * An input stream that shows every byte read through it to {@link #seen}, for the readers that count,
 * hash or inspect an archive as it streams by. Skipping reads the bytes, so that none passes unseen, and
 * there is no mark/reset: bytes read again after a reset would be seen twice.
 */
abstract class WatchedInputStream extends FilterInputStream {
    private final byte[] single = new byte[1];

    WatchedInputStream(InputStream in) {
        super(in);
    }

    /** {@code n} bytes (n > 0) were just read into {@code b} at {@code off}. */
    abstract void seen(byte[] b, int off, int n);

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            single[0] = (byte) b;
            seen(single, 0, 1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            seen(b, off, n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] buf = new byte[(int) Math.min(Math.max(n, 0), 8192)];
        int r = read(buf, 0, buf.length);
        return Math.max(r, 0);
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public synchronized void mark(int readlimit) {
    }

    @Override
    public synchronized void reset() throws IOException {
        throw new IOException("mark/reset not supported");
    }
}
