package io.rethinkmigrate.engine.restore;

import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;

/**
 * The memory a write into a server (restore, import, copy) needs, from its options, checked against the
 * Java heap before anything is read or written: a run that cannot fit says so at once, in one line with
 * the options to change, instead of failing half way with an out-of-memory error.
 *
 * <p>What is held at once: {@code --clients} batches of up to {@code --batch-bytes}, each while it is sent
 * also as its query (escaped inside a JSON string: up to a quarter more), plus one document over the
 * batch cap, which goes alone: held by the archive reader, once copied out of it and once as its query.
 * Documents are at most {@link #LARGEST_DOCUMENT}, the server's query limit for one document.
 */
public final class HeapBudget {
    /** RethinkDB refuses documents (and queries) larger than this. */
    static final long LARGEST_DOCUMENT = 64L * 1024 * 1024;
    /** The tool itself: classes, connections, buffers of the archive reader and the compressors. */
    static final long BASELINE = 32L * 1024 * 1024;
    private static final long MB = 1024 * 1024;

    private HeapBudget() {
    }

    /** Bytes a write with these options may hold at once. */
    static long writeNeeds(int clients, int batchBytes) {
        long batches = (long) clients * batchBytes * 5 / 2; // each batch, and its escaped query while sent
        return BASELINE + batches + 3 * LARGEST_DOCUMENT;
    }

    /** Refuses a write whose options need more than {@code maxHeap} bytes (a USAGE error, exit code 2). */
    static void checkWrite(String command, int clients, int batchBytes, long maxHeap) {
        long needed = writeNeeds(clients, batchBytes);
        if (needed > maxHeap) {
            throw new MigrateException(ErrorKind.USAGE, command + " needs about " + (needed + MB - 1) / MB
                    + " MB of memory (--clients " + clients + " x --batch-bytes " + batchBytes / MB + " MB in flight,"
                    + " plus one document of up to " + LARGEST_DOCUMENT / MB + " MB), and the Java heap is "
                    + maxHeap / MB + " MB: lower --clients or --batch-bytes, or raise the heap (JAVA_OPTS=-Xmx"
                    + ((needed + MB - 1) / MB + 16) + "m)");
        }
    }

    /** The check for this JVM's heap. */
    static void checkWrite(String command, int clients, int batchBytes) {
        checkWrite(command, clients, batchBytes, Runtime.getRuntime().maxMemory());
    }
}
