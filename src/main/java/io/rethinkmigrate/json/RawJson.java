package io.rethinkmigrate.json;

import java.nio.charset.StandardCharsets;

/**
 * One JSON value kept as the UTF-8 bytes it arrived in, so documents can flow from the wire to an
 * archive (and back) without being rebuilt as maps. The bytes are a slice of a buffer that may be
 * shared: treat them as read-only and copy them if they must outlive the buffer's owner.
 */
public record RawJson(byte[] buffer, int offset, int length) {

    public RawJson {
        if (offset < 0 || length < 0 || offset + length > buffer.length) {
            throw new IllegalArgumentException("slice out of bounds");
        }
    }

    public static RawJson of(byte[] bytes) {
        return new RawJson(bytes, 0, bytes.length);
    }

    public static RawJson of(String json) {
        return of(json.getBytes(StandardCharsets.UTF_8));
    }

    /** A copy that owns its bytes. */
    public byte[] toByteArray() {
        byte[] copy = new byte[length];
        System.arraycopy(buffer, offset, copy, 0, length);
        return copy;
    }

    @Override
    public String toString() {
        return new String(buffer, offset, length, StandardCharsets.UTF_8);
    }
}
