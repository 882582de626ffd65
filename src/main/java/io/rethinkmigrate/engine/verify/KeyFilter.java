package io.rethinkmigrate.engine.verify;

import java.util.Set;

/**
 * Which documents a key pass keeps: those whose primary key falls in one of {@code buckets}, and, when a
 * bucket is too big to hold in memory, only the {@code slice}-th of {@code slices} parts of it.
 */
public record KeyFilter(String primaryKey, Set<Integer> buckets, int slices, int slice) {

    public boolean takes(byte[] canonicalKey) {
        if (!buckets.contains(DocumentHash.bucket(canonicalKey))) {
            return false;
        }
        return slices <= 1 || DocumentHash.slot(canonicalKey) % slices == slice;
    }
}
