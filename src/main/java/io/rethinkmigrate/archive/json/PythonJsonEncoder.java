package io.rethinkmigrate.archive.json;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.rethinkmigrate.archive.ArchiveException;
import io.rethinkmigrate.json.Json;
import io.rethinkmigrate.json.RawJson;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * Re-encodes a compact JSON object, byte by byte, into the Python {@code json.dumps} style of the official
 * archive ({@code ", "} and {@code ": "} separators, everything outside printable ASCII as lower-case
 * {@code \}{@code uXXXX}, astral characters as surrogate pairs, numbers as their exact source text), appending
 * to a reusable byte buffer. One pass, no tokens or Strings: the dump's hot path.
 *
 * <p>Its output is byte-identical to the Jackson path ({@link JsonCopy#pythonGenerator} fed by
 * {@link JsonCopy#copyValue}) for every document it accepts. It accepts only what it is certain about: strict
 * JSON with a root object, well-formed UTF-8 (no overlong forms, no encoded surrogates), the standard escapes
 * ({@code \}{@code uXXXX} escapes of surrogates, paired or lone, are written back escaped, as Jackson does),
 * and sizes well inside the Jackson limits of {@link io.rethinkmigrate.json.Json}. Anything else (invalid
 * UTF-8, raw control characters, bad syntax, trailing data, very deep nesting, huge numbers or keys) makes
 * {@link #append} return {@code false} with the buffer unchanged, and the caller re-encodes that document with
 * the Jackson path, which then writes exactly what it always wrote or reports its usual error.
 *
 * <p>Not thread-safe: one per output stream.
 */
public final class PythonJsonEncoder {
    /** Deeper documents go to Jackson (its limit is 2000 levels; nobody stores anything near this). */
    static final int MAX_DEPTH = 1000;
    /** Longer numbers go to Jackson (its limit is 10,000 characters). */
    static final int MAX_NUMBER_LENGTH = 1000;
    /** Longer keys go to Jackson (its name limit is 50,000 characters; a key has at least one byte per char). */
    static final int MAX_KEY_BYTES = 10_000;
    /** Longer strings go to Jackson (its limit, {@code Json.MAX_STRING_LENGTH}, counts characters; bytes >= chars). */
    static final int MAX_STRING_BYTES = io.rethinkmigrate.json.Json.MAX_STRING_LENGTH;
    /** Worst case output of one input step: a 4-byte UTF-8 character becomes two 6-byte escapes. */
    private static final int STEP_ROOM = 12;
    private static final int INITIAL_CAPACITY = 64 * 1024;
    /** After a drain a buffer grown beyond this (by a huge document) is given back. */
    private static final int KEEP_CAPACITY = 1024 * 1024;
    /** Documents this large are written straight to the output, not through the buffer (see appendDocument). */
    public static final int STREAM_AT = 1024 * 1024;
    /** {@link #drainWhenFull} passes the buffer on in pieces of about this size. */
    private static final int DRAIN_AT = 32 * 1024;

    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** Byte classes inside a string. */
    private static final byte PLAIN = 0;
    private static final byte QUOTE = 1;
    private static final byte BACKSLASH = 2;
    private static final byte CONTROL = 3;
    private static final byte DEL = 4;
    private static final byte UTF8 = 5;
    private static final byte[] STRING_CLASS = new byte[256];

    static {
        for (int b = 0; b < 256; b++) {
            STRING_CLASS[b] = b < 0x20 ? CONTROL : b == '"' ? QUOTE : b == '\\' ? BACKSLASH : b == 0x7F ? DEL
                    : b >= 0x80 ? UTF8 : PLAIN;
        }
    }

    private byte[] buf;
    private int size;
    /** Open containers, true for an object; only valid during {@link #append}. */
    private final boolean[] inObject = new boolean[MAX_DEPTH + 1];
    /** How many containers are open; only valid during {@link #append}. */
    private int depth;
    /** What the input holds next ({@link #VALUE}, {@link #KEY}, ...); only valid during {@link #append}. */
    private int state;

    /** The states of {@link #append}: each step starts at a byte that is not whitespace. */
    private static final int VALUE = 0;
    private static final int KEY = 1;
    private static final int AFTER_VALUE = 2;
    /** The root object is closed and only whitespace followed. */
    private static final int DONE = 3;
    private final OutputStream sink = new Sink();

    public PythonJsonEncoder() {
        this(INITIAL_CAPACITY);
    }

    public PythonJsonEncoder(int initialCapacity) {
        buf = new byte[Math.max(initialCapacity, 64)];
    }

    /** Bytes waiting in the buffer. */
    public int size() {
        return size;
    }

    /** Drops everything after the first {@code mark} bytes (a mark taken with {@link #size()}). */
    private void truncate(int mark) {
        if (mark < 0 || mark > size) {
            throw new IllegalArgumentException("mark " + mark + " outside 0.." + size);
        }
        size = mark;
    }

    /** Appends bytes as they are (separators, brackets, a document encoded elsewhere). */
    public void appendRaw(byte[] bytes) {
        appendRaw(bytes, 0, bytes.length);
    }

    public void appendRaw(byte[] bytes, int off, int len) {
        ensure(size + len);
        System.arraycopy(bytes, off, buf, size, len);
        size += len;
    }

    /**
     * The buffer as a stream, for the Jackson fallback: a generator writing here lands its bytes after those
     * already buffered. Flushing and closing it do nothing.
     */
    public OutputStream asStream() {
        return sink;
    }

    /**
     * Writes the buffered bytes to {@code out} once they are {@link #DRAIN_AT} or more: the writers call it
     * after each document, so that the stream below gets pieces of a useful size.
     */
    public void drainWhenFull(OutputStream out) throws IOException {
        if (size >= DRAIN_AT) {
            drainTo(out);
        }
    }

    /** Writes the buffered bytes to {@code out} and empties the buffer (giving back a huge one). */
    public void drainTo(OutputStream out) throws IOException {
        if (size > 0) {
            out.write(buf, 0, size);
            size = 0;
        }
        if (buf.length > KEEP_CAPACITY) {
            buf = new byte[INITIAL_CAPACITY];
        }
    }

    /**
     * Appends {@code separator} (e.g. {@code ",\n"}; empty for none), then a document: byte by byte when
     * {@link #append(RawJson)} takes it, else by a Jackson token copy (invalid UTF-8, odd syntax, ...), which
     * writes such documents as the official style always did or fails naming the document ({@code name},
     * e.g. "table db.t: document 7", built only then). Nothing of a failed document, nor its separator,
     * stays in the buffer.
     */
    public void appendDocument(byte[] separator, RawJson document, java.util.function.Supplier<String> name)
            throws IOException {
        int mark = size();
        appendRaw(separator);
        if (append(document)) {
            return;
        }
        boolean written = false;
        try {
            copyWithJackson(document, name, asStream());
            written = true;
        } finally {
            if (!written) {
                truncate(mark);
            }
        }
    }

    /**
     * Like {@link #appendDocument(byte[], RawJson, java.util.function.Supplier)}, but a document of
     * {@link #STREAM_AT} bytes or more is not buffered: what the buffer holds goes to {@code out}, then the
     * document is written straight to {@code out} by a Jackson token copy (the same bytes), so that a
     * document of tens of megabytes is never held twice, nor in a buffer grown for it by doubling. A failure
     * then leaves part of that document in {@code out}: the caller must throw {@code out} away.
     */
    public void appendDocument(byte[] separator, RawJson document, java.util.function.Supplier<String> name,
                               OutputStream out) throws IOException {
        if (document.length() < STREAM_AT) {
            appendDocument(separator, document, name);
            return;
        }
        appendRaw(separator);
        drainTo(out);
        copyWithJackson(document, name, out);
    }

    /** The Python-style form of a document by a Jackson token copy, or a failure naming the document. */
    private static void copyWithJackson(RawJson document, java.util.function.Supplier<String> name, OutputStream out)
            throws IOException {
        try (JsonParser p = Json.factory().createParser(document.buffer(), document.offset(), document.length())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new ArchiveException(name.get() + " is not a JSON object");
            }
            JsonGenerator g = JsonCopy.pythonGenerator(out);
            JsonCopy.copyValue(p, g);
            g.flush();
            if (p.nextToken() != null) {
                throw new ArchiveException(name.get() + " has data after the object");
            }
        } catch (JacksonException e) {
            throw new ArchiveException(name.get() + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    public boolean append(RawJson document) {
        return append(document.buffer(), document.offset(), document.length());
    }

    /**
     * Appends the Python-style form of the JSON object in {@code in[off, off+len)}. Returns {@code false}, with
     * the buffer as it was, when the input is anything the encoder is not certain to encode as Jackson would.
     */
    public boolean append(byte[] in, int off, int len) {
        int mark = size;
        int end = off + len;
        int i = skipSpace(in, off, end);
        if (i >= end || in[i] != '{') {
            return false;
        }
        depth = 0;
        state = VALUE;
        // the state lives in fields so that each step returns just the input position (-1: give up), no allocation
        while (i >= 0 && state != DONE) {
            if (state == VALUE) {
                i = value(in, i, end);
            } else if (state == KEY) {
                i = key(in, i, end);
            } else {
                i = afterValue(in, i, end);
            }
        }
        return i >= 0 || fail(mark);
    }

    /** A value: a scalar copied whole, or a container's opening bracket (see {@link #open}). */
    private int value(byte[] in, int i, int end) {
        if (i >= end) {
            return -1;
        }
        byte c = in[i];
        if (c == '{' || c == '[') {
            return open(in, i, end, c == '{');
        } else if (c == '"') {
            i = string(in, i + 1, end, MAX_STRING_BYTES);
        } else if (c == '-' || (c >= '0' && c <= '9')) {
            i = number(in, i, end);
        } else if (c == 't') {
            i = literal(in, i, end, TRUE);
        } else if (c == 'f') {
            i = literal(in, i, end, FALSE);
        } else if (c == 'n') {
            i = literal(in, i, end, NULL);
        } else {
            return -1;
        }
        state = AFTER_VALUE;
        return i;
    }

    /** An opening bracket: an empty container is copied whole (no nesting to track), else it is opened. */
    private int open(byte[] in, int i, int end, boolean object) {
        put(in[i]);
        i = skipSpace(in, i + 1, end);
        if (i < end && in[i] == (object ? '}' : ']')) {
            put(in[i]);
            state = AFTER_VALUE;
            return i + 1;
        }
        if (++depth > MAX_DEPTH) {
            return -1;
        }
        inObject[depth] = object;
        state = object ? KEY : VALUE;
        return i;
    }

    /** A key and its colon, written with the Python separator {@code ": "}. */
    private int key(byte[] in, int i, int end) {
        if (i >= end || in[i] != '"') {
            return -1;
        }
        i = string(in, i + 1, end, MAX_KEY_BYTES);
        if (i < 0) {
            return -1;
        }
        i = skipSpace(in, i, end);
        if (i >= end || in[i] != ':') {
            return -1;
        }
        put((byte) ':');
        put((byte) ' ');
        state = VALUE;
        return skipSpace(in, i + 1, end);
    }

    /** After a value: a comma (written {@code ", "}) or the closing bracket of the open container. */
    private int afterValue(byte[] in, int i, int end) {
        if (depth == 0) {
            // the root object is closed: only whitespace may follow
            state = DONE;
            return skipSpace(in, i, end) == end ? i : -1;
        }
        i = skipSpace(in, i, end);
        if (i >= end) {
            return -1;
        }
        byte c = in[i];
        boolean object = inObject[depth];
        if (c == ',') {
            put((byte) ',');
            put((byte) ' ');
            state = object ? KEY : VALUE;
            return skipSpace(in, i + 1, end);
        }
        if (c == (object ? '}' : ']')) {
            put(c);
            depth--;
            return i + 1;
        }
        return -1;
    }

    private boolean fail(int mark) {
        size = mark;
        return false;
    }

    private static int skipSpace(byte[] in, int i, int end) {
        while (i < end) {
            byte c = in[i];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                break;
            }
            i++;
        }
        return i;
    }

    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};

    /** Copies a literal; returns the position after it, or -1. (What may follow is checked by the caller.) */
    private int literal(byte[] in, int i, int end, byte[] word) {
        if (end - i < word.length) {
            return -1;
        }
        for (int k = 0; k < word.length; k++) {
            if (in[i + k] != word[k]) {
                return -1;
            }
        }
        ensure(size + word.length);
        System.arraycopy(word, 0, buf, size, word.length);
        size += word.length;
        return i + word.length;
    }

    /** Copies a number as its source text once {@link #numberEnd} accepts it; returns the position after it, or -1. */
    private int number(byte[] in, int start, int end) {
        int i = numberEnd(in, start, end);
        int len = i - start;
        if (i < 0 || len > MAX_NUMBER_LENGTH) {
            return -1;
        }
        ensure(size + len);
        System.arraycopy(in, start, buf, size, len);
        size += len;
        return i;
    }

    /**
     * The end of the number at {@code start} under the JSON grammar
     * ({@code -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?}), or -1.
     */
    private static int numberEnd(byte[] in, int start, int end) {
        int i = start;
        if (in[i] == '-') {
            i++;
        }
        if (i >= end) {
            return -1;
        }
        if (in[i] == '0') {
            i++;
        } else if (in[i] >= '1' && in[i] <= '9') {
            i = digits(in, i + 1, end);
        } else {
            return -1;
        }
        if (i < end && in[i] == '.') {
            int frac = digits(in, i + 1, end);
            if (frac == i + 1) {
                return -1;
            }
            i = frac;
        }
        return exponentEnd(in, i, end);
    }

    /** The end of the exponent at {@code i} if there is one ({@code i} itself if not), or -1 without digits. */
    private static int exponentEnd(byte[] in, int i, int end) {
        if (i >= end || (in[i] != 'e' && in[i] != 'E')) {
            return i;
        }
        i++;
        if (i < end && (in[i] == '+' || in[i] == '-')) {
            i++;
        }
        int exp = digits(in, i, end);
        return exp == i ? -1 : exp;
    }

    private static int digits(byte[] in, int i, int end) {
        while (i < end && in[i] >= '0' && in[i] <= '9') {
            i++;
        }
        return i;
    }

    /**
     * Re-encodes a string whose opening quote is at {@code start - 1}; returns the position after the closing
     * quote, or -1 for anything not certain (raw control characters, bad escapes, invalid UTF-8, too long).
     * The output position is a local, not {@link #size}, and each step returns the new one (its input width
     * follows from the bytes it read): the loop runs per byte of every string, so it stays free of field
     * stores and allocation.
     */
    private int string(byte[] in, int start, int end, int maxBytes) {
        put((byte) '"');
        byte[] out = buf;
        int o = size;
        int room = out.length - STEP_ROOM;
        int i = start;
        while (true) {
            // the common case first: a run of printable ASCII, found then copied in one go
            int run = plainRun(in, i, end);
            int n = run - i;
            if (o + n > room) { // room for the run and for one step after it
                out = grow(o, n);
                room = out.length - STEP_ROOM;
            }
            if (n > 0) {
                System.arraycopy(in, i, out, o, n);
                o += n;
                i = run;
            }
            if (i >= end) {
                return -1;
            }
            int b = in[i] & 0xFF;
            switch (STRING_CLASS[b]) {
                case PLAIN -> out[o++] = (byte) b;
                case QUOTE -> {
                    return i - start > maxBytes ? -1 : closeString(out, o, i);
                }
                case BACKSLASH -> o = escapeSequence(in, i, end, out, o);
                case CONTROL -> o = -1; // Jackson rejects raw control characters in strings
                case DEL -> o = escape(out, o, 0x7F);
                default -> o = utf8Char(in, i, end, out, o, b);
            }
            if (o < 0) {
                return -1;
            }
            i += inputWidth(in, i, b);
        }
    }

    /** Writes the closing quote at {@code o}; returns the input position after the one at {@code i}. */
    private int closeString(byte[] out, int o, int i) {
        out[o] = '"';
        size = o + 1;
        return i + 1;
    }

    /** Grows the buffer for {@code n} more bytes and a step's worst case after the first {@code o}. */
    private byte[] grow(int o, int n) {
        size = o;
        ensure(o + n + STEP_ROOM);
        return buf;
    }

    /** How many input bytes the string step at {@code in[i]} (lead byte {@code b}, well-formed) consumed. */
    private static int inputWidth(byte[] in, int i, int b) {
        if (b < 0x80) {
            return b == '\\' ? (in[i + 1] == 'u' ? 6 : 2) : 1;
        }
        return b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    }

    /**
     * Re-encodes the escape whose backslash is at {@code in[i]} as the Jackson generator writes its character;
     * returns the output position after it, or -1 for a bad or cut escape.
     */
    private static int escapeSequence(byte[] in, int i, int end, byte[] out, int o) {
        if (i + 1 >= end) {
            return -1;
        }
        byte e = in[i + 1];
        switch (e) {
            case '"', '\\', 'b', 'f', 'n', 'r', 't' -> {
                out[o] = '\\';
                out[o + 1] = e;
                return o + 2;
            }
            case '/' -> {
                out[o] = '/';
                return o + 1;
            }
            case 'u' -> {
                int ch = hex4(in, i + 2, end);
                return ch < 0 ? -1 : putChar(out, o, ch);
            }
            default -> {
                return -1;
            }
        }
    }

    /** The value of the four hex digits at {@code in[i]}, or -1. */
    private static int hex4(byte[] in, int i, int end) {
        if (i + 4 > end) {
            return -1;
        }
        int ch = 0;
        for (int k = i; k < i + 4; k++) {
            int h = hexValue(in[k]);
            if (h < 0) {
                return -1;
            }
            ch = (ch << 4) | h;
        }
        return ch;
    }

    /**
     * Escapes the multi-byte UTF-8 character led by {@code b} at {@code in[i]} (astral ones as a surrogate
     * pair); returns the output position after it, or -1 unless it is strict UTF-8: no overlong forms, no
     * encoded surrogates, nothing above U+10FFFF.
     */
    private static int utf8Char(byte[] in, int i, int end, byte[] out, int o, int b) {
        if (b < 0xC2 || b > 0xF4) {
            return -1;
        } else if (b < 0xE0) {
            if (i + 1 >= end) {
                return -1;
            }
            int b1 = in[i + 1] & 0xFF;
            if ((b1 & 0xC0) != 0x80) {
                return -1;
            }
            return escape(out, o, ((b & 0x1F) << 6) | (b1 & 0x3F));
        } else if (b < 0xF0) {
            return utf8Three(in, i, end, out, o, b);
        }
        return utf8Four(in, i, end, out, o, b);
    }

    /** {@link #utf8Char} for a three-byte form (lead byte E0 to EF). */
    private static int utf8Three(byte[] in, int i, int end, byte[] out, int o, int b) {
        if (i + 2 >= end) {
            return -1;
        }
        int b1 = in[i + 1] & 0xFF;
        int b2 = in[i + 2] & 0xFF;
        int lo = b == 0xE0 ? 0xA0 : 0x80;
        int hi = b == 0xED ? 0x9F : 0xBF;
        if (b1 < lo || b1 > hi || (b2 & 0xC0) != 0x80) {
            return -1;
        }
        return escape(out, o, ((b & 0x0F) << 12) | ((b1 & 0x3F) << 6) | (b2 & 0x3F));
    }

    /** {@link #utf8Char} for a four-byte form (lead byte F0 to F4): two escapes, a surrogate pair. */
    private static int utf8Four(byte[] in, int i, int end, byte[] out, int o, int b) {
        if (i + 3 >= end) {
            return -1;
        }
        int b1 = in[i + 1] & 0xFF;
        int b2 = in[i + 2] & 0xFF;
        int b3 = in[i + 3] & 0xFF;
        int lo = b == 0xF0 ? 0x90 : 0x80;
        int hi = b == 0xF4 ? 0x8F : 0xBF;
        if (b1 < lo || b1 > hi || (b2 & 0xC0) != 0x80 || (b3 & 0xC0) != 0x80) {
            return -1;
        }
        int cp = ((b & 0x07) << 18) | ((b1 & 0x3F) << 12) | ((b2 & 0x3F) << 6) | (b3 & 0x3F);
        o = escape(out, o, Character.highSurrogate(cp));
        return escape(out, o, Character.lowSurrogate(cp));
    }

    /**
     * The end of the run of plain bytes (printable ASCII but quote and backslash) from {@code i}: eight bytes
     * at a time while none of them is special (a word test that may report a special byte where there is
     * none, never the reverse; the byte loop then decides), then byte by byte.
     */
    private static int plainRun(byte[] in, int i, int end) {
        while (i + 8 <= end) {
            long v = (long) LONGS.get(in, i);
            long special = (v & HIGH_BITS)
                    | ((v - BYTES_20) & ~v & HIGH_BITS) // a byte below 0x20
                    | zeroByte(v ^ BYTES_22) | zeroByte(v ^ BYTES_5C) | zeroByte(v ^ BYTES_7F);
            if (special != 0) {
                break;
            }
            i += 8;
        }
        while (i < end && STRING_CLASS[in[i] & 0xFF] == PLAIN) {
            i++;
        }
        return i;
    }

    private static long zeroByte(long v) {
        return (v - BYTES_01) & ~v & HIGH_BITS;
    }

    private static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long BYTES_01 = 0x0101010101010101L;
    private static final long BYTES_20 = 0x2020202020202020L;
    private static final long BYTES_22 = 0x2222222222222222L;
    private static final long BYTES_5C = 0x5C5C5C5C5C5C5C5CL;
    private static final long BYTES_7F = 0x7F7F7F7F7F7F7F7FL;

    /** One UTF-16 unit from a {@code \}{@code uXXXX} escape, written as the Jackson generator writes it. */
    private static int putChar(byte[] out, int o, int ch) {
        if (ch >= 0x20 && ch < 0x7F) {
            if (ch == '"' || ch == '\\') {
                out[o++] = '\\';
            }
            out[o++] = (byte) ch;
            return o;
        }
        byte shortForm = switch (ch) {
            case '\b' -> 'b';
            case '\f' -> 'f';
            case '\n' -> 'n';
            case '\r' -> 'r';
            case '\t' -> 't';
            default -> 0;
        };
        if (shortForm != 0) {
            out[o++] = '\\';
            out[o++] = shortForm;
            return o;
        }
        return escape(out, o, ch);
    }

    /** {@code \}{@code uXXXX}, lower-case hex. */
    private static int escape(byte[] out, int o, int ch) {
        out[o] = '\\';
        out[o + 1] = 'u';
        out[o + 2] = HEX[(ch >> 12) & 0xF];
        out[o + 3] = HEX[(ch >> 8) & 0xF];
        out[o + 4] = HEX[(ch >> 4) & 0xF];
        out[o + 5] = HEX[ch & 0xF];
        return o + 6;
    }

    private static int hexValue(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private void put(byte b) {
        ensure(size + 1);
        buf[size++] = b;
    }

    /** Room for {@code needed} bytes (and a little more), growing by doubling. */
    private void ensure(int needed) {
        long want = (long) needed + STEP_ROOM;
        if (want > buf.length) {
            long grown = Math.max(want, (long) buf.length * 2);
            if (want > Integer.MAX_VALUE - 16) {
                throw new OutOfMemoryError("encoded document too large");
            }
            buf = Arrays.copyOf(buf, (int) Math.min(grown, Integer.MAX_VALUE - 16));
        }
    }

    /** Appends into the buffer: the target of the Jackson fallback's generator. */
    private final class Sink extends OutputStream {
        @Override
        public void write(int b) {
            put((byte) b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            appendRaw(b, off, len);
        }
    }
}
