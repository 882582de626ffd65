package io.rethinkmigrate.engine;

import io.rethinkmigrate.json.RawJson;
import java.util.Arrays;

/**
 * Collects documents into one JSON array text, `[doc,doc,...]`, to be sent as a single `r.json` insert.
 * The batch is full when it holds {@code maxDocuments} documents or the next one would take it past
 * {@code maxBytes}; a single document larger than that still makes a batch of its own.
 */
final class BatchBuilder {
    private final int maxDocuments;
    private final int maxBytes;
    private byte[] buffer;
    private int length;
    private int documents;

    BatchBuilder(int maxDocuments, int maxBytes) {
        this.maxDocuments = maxDocuments;
        this.maxBytes = maxBytes;
        this.buffer = new byte[Math.min(maxBytes, 64 * 1024) + 2];
        reset();
    }

    /** True when the document does not fit and the batch must be sent first. */
    boolean wouldOverflow(RawJson document) {
        return documents > 0 && (documents >= maxDocuments || length + 1 + document.length() + 1 > maxBytes);
    }

    void add(RawJson document) {
        ensureCapacity(length + document.length() + 2);
        if (documents > 0) {
            buffer[length++] = ',';
        }
        System.arraycopy(document.buffer(), document.offset(), buffer, length, document.length());
        length += document.length();
        documents++;
    }

    boolean isEmpty() {
        return documents == 0;
    }

    int documents() {
        return documents;
    }

    /** The batch as a JSON array; the builder starts over. */
    RawJson take() {
        ensureCapacity(length + 1);
        buffer[length++] = ']';
        RawJson batch = new RawJson(Arrays.copyOf(buffer, length), 0, length);
        reset();
        return batch;
    }

    private void reset() {
        buffer[0] = '[';
        length = 1;
        documents = 0;
    }

    private void ensureCapacity(int needed) {
        if (needed > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(needed, buffer.length * 2));
        }
    }
}
