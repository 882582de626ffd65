package io.rethinkmigrate.engine.verify;

import java.util.ArrayList;
import java.util.List;

/**
 * An order-independent summary of a table's documents: for each of {@link #BUCKETS} buckets of the
 * primary-key hash, how many documents and the sum (mod 2^64) of their document hashes. Two tables
 * with the same documents have the same digest whatever order they were read in; a differing bucket
 * narrows a difference down to 1/256 of the keys. 4 KiB per table, whatever its size.
 *
 * <p>Why hash buckets rather than real primary-key ranges: an archive's documents need not be in key
 * order (NDJSON members, other writers), and real ranges need the key distribution up front; a hash
 * bucket is computed from the key alone, on either side, in any order, and spreads keys evenly.
 */
public final class TableDigest {
    public static final int BUCKETS = 256;

    private final long[] counts = new long[BUCKETS];
    private final long[] sums = new long[BUCKETS];

    /** Adds one document (its canonical form and primary key); safe from several readers at once. */
    public void add(CanonicalJson.Document document) {
        int bucket = DocumentHash.bucket(document.primaryKey());
        long hash = DocumentHash.hash64(document.canonical());
        synchronized (this) {
            counts[bucket]++;
            sums[bucket] += hash;
        }
    }

    /** Adds the documents another digest counted (the same table read in parts). */
    public void addAll(TableDigest other) {
        synchronized (this) {
            for (int b = 0; b < BUCKETS; b++) {
                counts[b] += other.counts[b];
                sums[b] += other.sums[b];
            }
        }
    }

    public long documents() {
        long n = 0;
        for (long c : counts) {
            n += c;
        }
        return n;
    }

    public long count(int bucket) {
        return counts[bucket];
    }

    /** The table's hash: the sum of every document's hash, as 16 hex digits. */
    public String hash() {
        long s = 0;
        for (long v : sums) {
            s += v;
        }
        return String.format("%016x", s);
    }

    /** Buckets whose count or hash sum differs. */
    public List<Integer> differingBuckets(TableDigest other) {
        List<Integer> out = new ArrayList<>();
        for (int b = 0; b < BUCKETS; b++) {
            if (counts[b] != other.counts[b] || sums[b] != other.sums[b]) {
                out.add(b);
            }
        }
        return out;
    }
}
