package io.rethinkmigrate.archive.compress;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.Deflater;

/**
 * Raw deflate compressed on several threads, as pigz does: the data is cut into blocks of
 * {@link #BLOCK} bytes, each compressed on a shared pool into a deflate run that ends on a byte boundary
 * (a sync flush, not final) and is primed with the last 32 KiB of the block before it as its dictionary,
 * so the ratio stays that of one stream. The runs are written in order; what frames them (one gzip
 * member's header, final block and trailer) is {@link CompressedOutput}'s.
 *
 * <p>Memory: at most {@link #inFlightLimit()} blocks and their compressed forms per stream.
 */
public final class ParallelDeflateOutputStream extends OutputStream {
    static final int BLOCK = 1 << 20;
    /** Deflate's window: a block primed with this much of the one before loses nothing to the cut. */
    private static final int DICTIONARY = 32 * 1024;
    private static final int THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());
    private static final ExecutorService POOL = Executors.newFixedThreadPool(THREADS, new DaemonThreads());
    /**
     * Each pool thread's deflaters, one per level: a level changed after a reset takes effect only at the
     * next deflate call, after the dictionary, and zlib then emits distances that reach before it.
     */
    private static final ThreadLocal<Deflater[]> DEFLATERS = ThreadLocal.withInitial(() -> new Deflater[10]);

    private final OutputStream out;
    private final int level;
    private final ArrayDeque<Future<byte[]>> pending = new ArrayDeque<>();
    private byte[] previous = new byte[0];
    private byte[] block = new byte[BLOCK];
    private int filled;
    private boolean closed;

    public ParallelDeflateOutputStream(OutputStream out, int level) {
        if (level < 0 || level > 9) {
            throw new IllegalArgumentException("gzip level must be 0..9, not " + level);
        }
        this.out = out;
        this.level = level;
    }

    static int inFlightLimit() {
        return Math.max(2, THREADS * 2);
    }

    @Override
    public void write(int b) throws IOException {
        if (filled == block.length) {
            submit();
        }
        block[filled++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (filled == block.length) {
                submit();
            }
            int n = Math.min(len, block.length - filled);
            System.arraycopy(b, off, block, filled, n);
            filled += n;
            off += n;
            len -= n;
        }
    }

    /** Writes every block compressed so far, waiting for them; a partly filled block stays. */
    @Override
    public void flush() throws IOException {
        while (!pending.isEmpty()) {
            writeOldest();
        }
        out.flush();
    }

    /** Compresses and writes the rest (every run ends byte-aligned; nothing ends the deflate stream). */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        if (filled > 0) {
            submit();
        }
        flush();
        closed = true;
        out.close();
    }

    /** Drops what is still being compressed, writing nothing more (the output is being thrown away). */
    public void abandon() {
        closed = true;
        for (Future<byte[]> f : pending) {
            f.cancel(false);
        }
        pending.clear();
        try {
            out.close();
        } catch (IOException e) {
            // the output is being thrown away
        }
    }

    private void submit() throws IOException {
        byte[] data = block;
        int length = filled;
        byte[] dictionary = previous;
        pending.add(POOL.submit(() -> deflateRun(dictionary, data, length, level)));
        previous = data; // blocks are never reused, so the next block's task may read this one's tail
        block = new byte[BLOCK];
        filled = 0;
        while (pending.size() >= inFlightLimit()) {
            writeOldest();
        }
    }

    private void writeOldest() throws IOException {
        Future<byte[]> oldest = pending.poll();
        try {
            out.write(oldest.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while compressing");
        } catch (ExecutionException e) {
            throw new IOException("compression failed: " + e.getCause(), e.getCause());
        }
    }

    /**
     * {@code data[0, length)} as raw deflate ending in a sync flush (byte-aligned, not final), primed with
     * the tail of {@code dictionary} (the block before; empty for none).
     */
    static byte[] deflateRun(byte[] dictionary, byte[] data, int length, int level) {
        Deflater[] byLevel = DEFLATERS.get();
        if (byLevel[level] == null) {
            byLevel[level] = new Deflater(level, true);
        }
        Deflater deflater = byLevel[level];
        deflater.reset();
        int dictionaryLength = Math.min(DICTIONARY, dictionary.length);
        if (dictionaryLength > 0) {
            deflater.setDictionary(dictionary, dictionary.length - dictionaryLength, dictionaryLength);
        }
        deflater.setInput(data, 0, length);
        ByteArrayOutputStream buf = new ByteArrayOutputStream(length / 2 + 64);
        byte[] chunk = new byte[64 * 1024];
        int n;
        do { // a sync flush is complete once deflate leaves room in the buffer (Deflater's contract)
            n = deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH);
            buf.write(chunk, 0, n);
        } while (n == chunk.length);
        return buf.toByteArray();
    }

    private static final class DaemonThreads implements java.util.concurrent.ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "gzip-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    }
}
