package io.rethinkmigrate.engine.write;

import io.rethinkmigrate.json.RawJson;
import java.util.Arrays;

/**
 * Collects documents into one JSON array text, `[doc,doc,...]`, to be sent as a single `r.json` insert.
 * The batch is full when it holds {@code maxDocuments} documents or the next one would take it past
 * {@code maxBytes}. A document larger than that ({@link #oversized}) is not collected: the caller sends
 * it alone, so that its bytes are never copied into a batch buffer grown for it.
 */
public final class BatchBuilder {
    private final int maxDocuments;
    private final int maxBytes;
    private byte[] buffer;
    private int length;
    private int documents;

    public BatchBuilder(int maxDocuments, int maxBytes) {
        this.maxDocuments = maxDocuments;
        this.maxBytes = maxBytes;
        this.buffer = new byte[Math.min(maxBytes, 64 * 1024) + 2];
        reset();
    }

    /** True when the document alone is over the byte cap: it goes in a batch of its own, not through here. */
    public boolean oversized(RawJson document) {
        return document.length() + 2 > maxBytes;
    }

    /** True when the document does not fit and the batch must be sent first. */
    public boolean wouldOverflow(RawJson document) {
        return documents > 0 && (documents >= maxDocuments || length + 1 + document.length() + 1 > maxBytes);
    }

    public void add(RawJson document) {
        ensureCapacity(length + document.length() + 2);
        if (documents > 0) {
            buffer[length++] = ',';
        }
        System.arraycopy(document.buffer(), document.offset(), buffer, length, document.length());
        length += document.length();
        documents++;
    }

    public boolean isEmpty() {
        return documents == 0;
    }

    public int documents() {
        return documents;
    }

    /**
     * The batch as a JSON array, in the builder's own buffer (handed over, not copied); the builder starts
     * over in a new buffer the size this batch needed.
     */
    public RawJson take() {
        ensureCapacity(length + 1);
        buffer[length++] = ']';
        RawJson batch = new RawJson(buffer, 0, length);
        buffer = new byte[Math.max(64 * 1024, Math.min(length, maxBytes + 2))];
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
            buffer = Arrays.copyOf(buffer, Math.max(needed, Math.min(buffer.length * 2, maxBytes + 2)));
        }
    }
}
