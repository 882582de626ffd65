package io.rethinkmigrate.archive.json;

import static io.rethinkmigrate.archive.ArchiveTestSupport.members;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.rethinkmigrate.archive.ArchiveException;
import io.rethinkmigrate.archive.ArchiveWriter;
import io.rethinkmigrate.archive.TableWriter;
import io.rethinkmigrate.archive.export.ExportEncoder;
import io.rethinkmigrate.archive.export.ExportFormat;
import io.rethinkmigrate.archive.export.ExportOptions;
import io.rethinkmigrate.archive.meta.TableInfo;
import io.rethinkmigrate.archive.tar.ArchiveWriterOptions;
import io.rethinkmigrate.archive.tar.OfficialArchiveWriter;
import io.rethinkmigrate.json.Json;
import io.rethinkmigrate.json.RawJson;
import io.rethinkmigrate.model.TableId;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The byte-level encoder against the Jackson path it replaces (the reference below is the code the archive
 * writer and the export encoder ran before): byte-identical output for every document it accepts, refusal
 * (buffer untouched) for everything else, and the writers' fallback giving the old bytes or the old message.
 */
class PythonJsonEncoderTest {

    @TempDir
    Path temp;

    /** What the Jackson path writes for one document, or why it refuses it. */
    record Reference(byte[] bytes, String error) {
        String text() {
            return new String(bytes, StandardCharsets.US_ASCII);
        }
    }

    /** The pre-encoder code path: Jackson parser, {@link JsonCopy#pythonGenerator}, {@link JsonCopy#copyValue}. */
    static Reference jackson(byte[] doc) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonParser p = Json.factory().createParser(doc)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return new Reference(null, "is not a JSON object");
            }
            JsonGenerator g = JsonCopy.pythonGenerator(out);
            JsonCopy.copyValue(p, g);
            g.flush();
            if (p.nextToken() != null) {
                return new Reference(null, "has data after the object");
            }
        } catch (JacksonException e) {
            return new Reference(null, "is not valid JSON: " + e.getOriginalMessage());
        }
        return new Reference(out.toByteArray(), null);
    }

    /** Encodes one document with a fresh encoder; null when it refuses (then its buffer must be empty). */
    static byte[] fast(byte[] doc) {
        PythonJsonEncoder e = new PythonJsonEncoder(64);
        if (!e.append(doc, 0, doc.length)) {
            assertEquals(0, e.size(), "a refused document left bytes in the buffer");
            return null;
        }
        return drain(e);
    }

    static byte[] drain(PythonJsonEncoder e) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            e.drainTo(out);
        } catch (IOException x) {
            throw new AssertionError(x);
        }
        return out.toByteArray();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String show(byte[] doc) {
        StringBuilder sb = new StringBuilder();
        for (byte b : doc) {
            int c = b & 0xFF;
            sb.append(c >= 0x20 && c < 0x7F ? String.valueOf((char) c) : String.format("<%02x>", c));
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------- differential, random valid documents

    @Test
    void thousandsOfRandomDocumentsAreByteIdenticalToTheJacksonPath() throws IOException {
        SplittableRandom rnd = new SplittableRandom(20261126);
        PythonJsonEncoder shared = new PythonJsonEncoder(64); // one reused buffer, as the writers use it
        ByteArrayOutputStream sharedExpected = new ByteArrayOutputStream();
        long bytes = 0;
        for (int n = 0; n < 3000; n++) {
            byte[] doc = new Generator(rnd).document();
            bytes += doc.length;
            Reference ref = jackson(doc);
            assertNull(ref.error(), () -> "generator made an invalid document: " + show(doc));
            byte[] got = fast(doc);
            assertNotNull(got, () -> "encoder refused a valid document: " + show(doc));
            assertEquals(ref.text(), new String(got, StandardCharsets.US_ASCII), () -> "input: " + show(doc));
            assertArrayEquals(ref.bytes(), got);
            assertTrue(shared.append(doc, 0, doc.length));
            sharedExpected.write(ref.bytes());
            if (rnd.nextInt(50) == 0) {
                assertArrayEquals(sharedExpected.toByteArray(), drain(shared));
                sharedExpected.reset();
            }
        }
        assertArrayEquals(sharedExpected.toByteArray(), drain(shared));
        System.out.println("random documents: 3000, " + bytes + " bytes");
        assertTrue(bytes > 1_000_000, "the random documents should be substantial, were " + bytes + " bytes");
    }

    /**
     * Random corruption of valid documents (bytes changed, dropped, duplicated, inserted): whatever the encoder
     * accepts, Jackson accepts too and writes the same bytes; whatever Jackson rejects, the encoder refuses.
     */
    @Test
    void corruptedDocumentsAreRefusedOrEncodedExactlyAsJacksonDoes() throws IOException {
        SplittableRandom rnd = new SplittableRandom(4);
        byte[] interesting = utf8(" \t\r\n{}[]\",:\\/-+.eE0129tfnulaxu");
        int accepted = 0;
        int refused = 0;
        int jacksonOnly = 0;
        for (int n = 0; n < 10000; n++) {
            byte[] doc = new Generator(rnd).small().document();
            int edits = 1 + rnd.nextInt(3);
            for (int k = 0; k < edits && doc.length > 0; k++) {
                int at = rnd.nextInt(doc.length);
                byte b = rnd.nextInt(4) == 0 ? (byte) rnd.nextInt(256) : interesting[rnd.nextInt(interesting.length)];
                doc = switch (rnd.nextInt(4)) {
                    case 0 -> replace(doc, at, b);
                    case 1 -> remove(doc, at);
                    case 2 -> insert(doc, at, doc[at]);
                    default -> insert(doc, at, b);
                };
            }
            Reference ref = jackson(doc);
            byte[] got = fast(doc);
            byte[] input = doc;
            if (got != null) {
                accepted++;
                assertNull(ref.error(), () -> "encoder accepted what Jackson rejects (" + ref.error() + "): " + show(input));
                assertEquals(ref.text(), new String(got, StandardCharsets.US_ASCII), () -> "input: " + show(input));
            } else {
                refused++;
                if (ref.error() == null) {
                    jacksonOnly++;
                }
            }
        }
        assertTrue(accepted > 500 && refused > 500, "both outcomes should be common: accepted " + accepted
                + ", refused " + refused);
        // what the encoder leaves to Jackson although valid should stay rare (odd UTF-8 and the like)
        assertTrue(jacksonOnly < refused / 10, "valid documents refused: " + jacksonOnly + " of " + refused);
    }

    private static byte[] replace(byte[] d, int at, byte b) {
        byte[] c = d.clone();
        c[at] = b;
        return c;
    }

    private static byte[] remove(byte[] d, int at) {
        byte[] c = new byte[d.length - 1];
        System.arraycopy(d, 0, c, 0, at);
        System.arraycopy(d, at + 1, c, at, d.length - at - 1);
        return c;
    }

    private static byte[] insert(byte[] d, int at, byte b) {
        byte[] c = new byte[d.length + 1];
        System.arraycopy(d, 0, c, 0, at);
        c[at] = b;
        System.arraycopy(d, at, c, at + 1, d.length - at);
        return c;
    }

    /** Random valid JSON objects exercising every content class. */
    static final class Generator {
        private final SplittableRandom rnd;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private int maxDepth;
        private int maxItems = 8;
        /** Values left to generate: keeps wide and deep documents at a sensible size. */
        private int budget = 200;

        Generator(SplittableRandom rnd) {
            this.rnd = rnd;
            this.maxDepth = rnd.nextInt(20) == 0 ? 60 + rnd.nextInt(200) : 1 + rnd.nextInt(6);
        }

        Generator small() {
            maxDepth = 1 + rnd.nextInt(3);
            maxItems = 4;
            budget = 30;
            return this;
        }

        byte[] document() {
            space();
            object(0);
            space();
            return out.toByteArray();
        }

        private void space() {
            if (rnd.nextInt(8) == 0) {
                for (int k = 1 + rnd.nextInt(3); k > 0; k--) {
                    out.write(" \t\n\r".charAt(rnd.nextInt(4)));
                }
            }
        }

        private void raw(String s) {
            out.writeBytes(utf8(s));
        }

        private void object(int depth) {
            container("{", "}", depth, true);
        }

        private void array(int depth) {
            container("[", "]", depth, false);
        }

        /** An object ({@code members}: each value after a key) or an array, with random spacing. */
        private void container(String open, String close, int depth, boolean members) {
            raw(open);
            space();
            int items = takeItems(depth);
            for (int k = 0; k < items; k++) {
                if (k > 0) {
                    raw(",");
                    space();
                }
                if (members) {
                    string(true);
                    space();
                    raw(":");
                    space();
                }
                value(depth + 1);
                space();
            }
            raw(close);
        }

        /** How many members or elements the next container gets (none past the depth limit), taken from the budget. */
        private int takeItems(int depth) {
            int items = depth >= maxDepth ? 0 : deepChain(depth) ? 1 : Math.min(budget, rnd.nextInt(maxItems + 1));
            budget -= items;
            return items;
        }

        /** Deep documents are a chain of single-item containers (else they would be enormous). */
        private boolean deepChain(int depth) {
            return maxDepth > 10 && depth < maxDepth - 3;
        }

        private void value(int depth) {
            int kind = depth >= maxDepth ? 2 + rnd.nextInt(4) : deepChain(depth) ? rnd.nextInt(2) : rnd.nextInt(6);
            switch (kind) {
                case 0 -> object(depth);
                case 1 -> array(depth);
                case 2 -> string(false);
                case 3 -> number();
                case 4 -> raw(new String[] {"true", "false", "null"}[rnd.nextInt(3)]);
                default -> {
                    if (rnd.nextBoolean()) {
                        string(false);
                    } else {
                        number();
                    }
                }
            }
        }

        static final String[] NUMBERS = {"0", "-0", "-0.0", "0.0", "1e+300", "1E+300", "1.5E-7", "1.5e-7",
            "12345678901234567890123", "-12345678901234567890123", "5e-324", "1.7976931348623157e308",
            "9223372036854775807", "9223372036854775808", "-9223372036854775809", "1E2", "1e-0", "0e0", "0E+0",
            "-0e-0", "3.14159265358979323846264338327950288", "100", "-1", "0.000001", "1e400", "-1e-400"};

        private void number() {
            switch (rnd.nextInt(4)) {
                case 0 -> raw(NUMBERS[rnd.nextInt(NUMBERS.length)]);
                case 1 -> raw(Long.toString(rnd.nextLong()));
                case 2 -> raw(Double.toString(rnd.nextDouble() * Math.pow(10, rnd.nextInt(40) - 20)));
                default -> {
                    StringBuilder sb = new StringBuilder();
                    if (rnd.nextBoolean()) {
                        sb.append('-');
                    }
                    if (rnd.nextInt(4) == 0) {
                        sb.append('0');
                    } else {
                        sb.append(1 + rnd.nextInt(9));
                        for (int k = rnd.nextInt(30); k > 0; k--) {
                            sb.append(rnd.nextInt(10));
                        }
                    }
                    if (rnd.nextBoolean()) {
                        sb.append('.');
                        for (int k = 1 + rnd.nextInt(20); k > 0; k--) {
                            sb.append(rnd.nextInt(10));
                        }
                    }
                    if (rnd.nextBoolean()) {
                        sb.append(rnd.nextBoolean() ? 'e' : 'E');
                        int sign = rnd.nextInt(3);
                        sb.append(sign == 0 ? "" : sign == 1 ? "+" : "-");
                        for (int k = 1 + rnd.nextInt(3); k > 0; k--) {
                            sb.append(rnd.nextInt(10));
                        }
                    }
                    raw(sb.toString());
                }
            }
        }

        private void string(boolean key) {
            raw("\"");
            int pieces = rnd.nextInt(key ? 4 : 12);
            if (rnd.nextInt(40) == 0) {
                pieces = 300 + rnd.nextInt(500); // long strings cross every buffer boundary
            }
            for (int k = 0; k < pieces; k++) {
                piece();
            }
            raw("\"");
        }

        private void piece() {
            switch (rnd.nextInt(12)) {
                case 0, 1, 2 -> {
                    // printable ASCII except quote and backslash (slash included)
                    for (int k = 1 + rnd.nextInt(12); k > 0; k--) {
                        int c = 0x20 + rnd.nextInt(0x5F);
                        if (c != '"' && c != '\\') {
                            out.write(c);
                        }
                    }
                }
                case 3 -> raw(new String[] {"\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t"}[rnd.nextInt(8)]);
                case 4 -> unicodeEscape(rnd.nextInt(0x80)); // ASCII and control characters, DEL
                case 5 -> unicodeEscape(0x80 + rnd.nextInt(0xD800 - 0x80)); // BMP below the surrogates
                case 6 -> unicodeEscape(0xE000 + rnd.nextInt(0x10000 - 0xE000)); // BMP above them
                case 7 -> {
                    int cp = 0x10000 + rnd.nextInt(0x100000);
                    unicodeEscape(Character.highSurrogate(cp));
                    unicodeEscape(Character.lowSurrogate(cp));
                }
                case 8 -> {
                    // lone or reversed surrogates: Jackson keeps them, escaped
                    switch (rnd.nextInt(3)) {
                        case 0 -> unicodeEscape(0xD800 + rnd.nextInt(0x400));
                        case 1 -> unicodeEscape(0xDC00 + rnd.nextInt(0x400));
                        default -> {
                            unicodeEscape(0xDC00 + rnd.nextInt(0x400));
                            unicodeEscape(0xD800 + rnd.nextInt(0x400));
                        }
                    }
                }
                case 9 -> {
                    // raw UTF-8 of 2, 3 and 4 bytes
                    int cp = switch (rnd.nextInt(4)) {
                        case 0 -> 0x80 + rnd.nextInt(0x800 - 0x80);
                        case 1 -> 0x800 + rnd.nextInt(0xD800 - 0x800);
                        case 2 -> 0xE000 + rnd.nextInt(0x10000 - 0xE000);
                        default -> 0x10000 + rnd.nextInt(0x100000);
                    };
                    raw(new String(Character.toChars(cp)));
                }
                case 10 -> out.write(0x7F); // DEL, raw
                default -> raw(new String[] {"\u00fc", "\u2028", "\u2029", "\ufeff", "\uffff", "\ufffd", "\ud83d\ude00",
                    "\u00e9t\u00e9", "\u65e5\u672c"}[rnd.nextInt(9)]);
            }
        }

        private void unicodeEscape(int ch) {
            String hex = String.format("%04x", ch);
            raw("\\u" + (rnd.nextBoolean() ? hex : hex.toUpperCase()));
        }
    }

    // ---------------------------------------------------------------- targeted cases

    /** Each escape form and content class, with the Python json.dumps(ensure_ascii) text it must become. */
    @Test
    void everyEscapeFormComesOutAsPythonWritesIt() throws IOException {
        String[][] cases = {
            {"\\\"", "\\\""}, {"\\\\", "\\\\"}, {"\\/", "/"}, {"/", "/"},
            {"\\b", "\\b"}, {"\\f", "\\f"}, {"\\n", "\\n"}, {"\\r", "\\r"}, {"\\t", "\\t"},
            {"\\u0041", "A"}, {"\\u0022", "\\\""}, {"\\u005c", "\\\\"}, {"\\u005C", "\\\\"}, {"\\u002f", "/"},
            {"\\u0008", "\\b"}, {"\\u000c", "\\f"}, {"\\u000A", "\\n"}, {"\\u000d", "\\r"}, {"\\u0009", "\\t"},
            {"\\u0000", "\\u0000"}, {"\\u001F", "\\u001f"}, {"\\u007f", "\\u007f"}, {"\u007f", "\\u007f"},
            {"\\u00E9", "\\u00e9"}, {"\u00e9", "\\u00e9"}, {"\u07ff", "\\u07ff"}, {"\u0800", "\\u0800"},
            {"\u2028", "\\u2028"}, {"\\uFFFF", "\\uffff"}, {"\uffff", "\\uffff"}, {"\ufeff", "\\ufeff"},
            {"\\uD83D\\uDE00", "\\ud83d\\ude00"}, {"\ud83d\ude00", "\\ud83d\\ude00"},
            {"\udbff\udfff", "\\udbff\\udfff"}, {"\ud800\udc00", "\\ud800\\udc00"},
            {"\\ud800", "\\ud800"}, {"\\udc00x", "\\udc00x"}, {"\\udc00\\ud800", "\\udc00\\ud800"},
            {"a b~", "a b~"}, {"", ""},
        };
        for (String[] c : cases) {
            String doc = "{\"k" + c[0] + "\":\"" + c[0] + "\"}";
            String expected = "{\"k" + c[1] + "\": \"" + c[1] + "\"}";
            byte[] got = fast(utf8(doc));
            assertNotNull(got, () -> "refused " + doc);
            assertEquals(expected, new String(got, StandardCharsets.US_ASCII), doc);
            assertEquals(jackson(utf8(doc)).text(), expected, "the Jackson path disagrees on " + doc);
        }
    }

    /** The plain-run scan reads eight bytes at a time: each special byte at every offset, beside its neighbours. */
    @Test
    void specialBytesAreFoundAtEveryOffsetOfAWord() throws IOException {
        String[] specials = {"\\\"", "\\\\", "\\u007f", "\\u00e9", "\\ud83d\\ude00", "\\u0001", "\\n",
            " ", "~", "!", "#", "[", "]", "}", "/", "A"};
        String[] inputs = {"\\\"", "\\\\", "\u007f", "\u00e9", "\ud83d\ude00", "\\u0001", "\\n",
            " ", "~", "!", "#", "[", "]", "}", "/", "A"};
        for (int k = 0; k < specials.length; k++) {
            for (int before = 0; before < 20; before++) {
                for (int after = 0; after < 12; after++) {
                    String doc = "{\"k\":\"" + "a".repeat(before) + inputs[k] + "b".repeat(after) + "\"}";
                    String expected = "{\"k\": \"" + "a".repeat(before) + specials[k] + "b".repeat(after) + "\"}";
                    byte[] got = fast(utf8(doc));
                    assertNotNull(got, doc);
                    assertEquals(expected, new String(got, StandardCharsets.US_ASCII), doc);
                    assertEquals(expected, jackson(utf8(doc)).text(), doc);
                }
            }
        }
        for (int before = 0; before < 20; before++) {
            byte[] raw = utf8("{\"k\":\"" + "a".repeat(before) + "\u0001" + "bbbbbbbbb\"}");
            assertNull(fast(raw), "a raw control character is left to Jackson");
        }
    }

    @Test
    void numbersAndLiteralsKeepTheirSourceText() throws IOException {
        String doc = "{\"n\":[-0,-0.0,1e+300,1E+300,1.5E-7,12345678901234567890123,5e-324,0e0,-1E-2,100],"
                + "\"t\":true,\"f\":false,\"z\":null,\"o\":{},\"a\":[],\"oa\":[{},[],{\"x\":[[]]}]}";
        String expected = "{\"n\": [-0, -0.0, 1e+300, 1E+300, 1.5E-7, 12345678901234567890123, 5e-324, 0e0, -1E-2, 100], "
                + "\"t\": true, \"f\": false, \"z\": null, \"o\": {}, \"a\": [], \"oa\": [{}, [], {\"x\": [[]]}]}";
        assertEquals(expected, new String(fast(utf8(doc)), StandardCharsets.US_ASCII));
        assertEquals(expected, jackson(utf8(doc)).text());
    }

    @Test
    void whitespaceInTheInputIsDropped() {
        String doc = " \r\n\t{ \"a\" :\t[ 1 , { } , [ ] , \"x\" ] ,\n\"b\"\r:\nnull } \n";
        assertEquals("{\"a\": [1, {}, [], \"x\"], \"b\": null}", new String(fast(utf8(doc)), StandardCharsets.US_ASCII));
    }

    /** What the encoder leaves to Jackson, and what Jackson then does with it. */
    @Test
    void oddInputIsRefusedAndLeftToJackson() throws IOException {
        // invalid JSON or not an object: Jackson reports it, the encoder refuses
        String[] rejected = {"[1]", "\"x\"", "1", "", " ", "{} x", "{}{}", "{\"a\":1", "{\"a\" 1}", "{\"a\":1,}",
            "{\"a\":01}", "{\"a\":+1}", "{\"a\":.5}", "{\"a\":1.}", "{\"a\":1e}", "{\"a\":-}", "{\"a\":tru}",
            "{\"a\":truex}", "{\"a\":NaN}", "{\"a\":\"\\x\"}", "{\"a\":\"\\u12g4\"}", "{\"a\":\"\\u12\"}",
            "{\"a\":\"x\ty\"}", "{\"a\":\"x\u0000\"}", "{'a':1}", "{a:1}", "{\"a\":[1 2]}", "{\"a\":1}]",
            "{\"a\":\"unterminated}", "{\"a\":1}\u0000", "{\"a\":1}/*c*/", "\u000b{}"};
        for (String doc : rejected) {
            byte[] in = utf8(doc);
            assertNull(fast(in), () -> "accepted " + show(in));
            assertNotNull(jackson(in).error(), () -> "Jackson accepts " + show(in));
        }
        byte[][] invalidUtf8 = {
            {'{', '"', 'a', '"', ':', '"', (byte) 0xFF, '"', '}'},
            {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '"', '}'},           // truncated 2-byte form
            {'{', '"', 'a', '"', ':', '"', (byte) 0xE2, (byte) 0x82, '"', '}'}, // truncated 3-byte form
            {'{', '"', 'a', '"', ':', '"', (byte) 0x80, '"', '}'},           // lone continuation byte
            {'{', '"', (byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80, '"', ':', '1', '}'},
        };
        for (byte[] in : invalidUtf8) {
            assertNull(fast(in), () -> "accepted " + show(in));
            assertNotNull(jackson(in).error(), () -> "Jackson accepts " + show(in));
        }
    }

    /** Valid for Jackson but not certain for the encoder: refused, and the writers then use Jackson's bytes. */
    static List<byte[]> jacksonOnlyDocuments() {
        List<byte[]> docs = new ArrayList<>();
        docs.add(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}'}); // overlong '/'
        docs.add(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'}); // CESU
        docs.add(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '"', 'a', '"', ':', '1', '}'}); // BOM
        docs.add(utf8("{\"deep\":" + "[".repeat(1500) + "]".repeat(1500) + "}")); // deeper than the encoder goes
        docs.add(utf8("{\"big\":1" + "0".repeat(2000) + "}")); // a number longer than it copies
        docs.add(utf8("{\"" + "k".repeat(20_000) + "\":1}")); // a key longer than it takes
        return docs;
    }

    @Test
    void documentsOnlyJacksonTakesAreRefusedButValid() throws IOException {
        for (byte[] doc : jacksonOnlyDocuments()) {
            assertNull(fast(doc), () -> "accepted " + show(Arrays.copyOf(doc, Math.min(doc.length, 80))));
            assertNull(jackson(doc).error(), "Jackson rejects it: " + jackson(doc).error());
        }
    }

    @Test
    void aRefusedDocumentLeavesEarlierBytesAlone() {
        PythonJsonEncoder e = new PythonJsonEncoder(64);
        byte[] good = utf8("{\"a\":\"\u00fc\"}");
        assertTrue(e.append(good, 0, good.length));
        e.appendRaw(utf8(",\n"));
        int size = e.size();
        byte[] bad = utf8("{\"b\":\"" + "x".repeat(500) + "\",\"c\":[1,2,{\"d\":\u0001}]}");
        assertFalse(e.append(bad, 0, bad.length));
        assertEquals(size, e.size());
        assertEquals("{\"a\": \"\\u00fc\"},\n", new String(drain(e), StandardCharsets.US_ASCII));
    }

    @Test
    void encodesASliceOfALargerBuffer() {
        byte[] buffer = utf8("garbage{\"a\":[1,\"b\"]}garbage");
        RawJson slice = new RawJson(buffer, 7, buffer.length - 14);
        PythonJsonEncoder e = new PythonJsonEncoder();
        assertTrue(e.append(slice));
        assertEquals("{\"a\": [1, \"b\"]}", new String(drain(e), StandardCharsets.US_ASCII));
    }

    // ---------------------------------------------------------------- the writers

    private static final TableId TABLE = new TableId("db", "t");

    /** Valid documents, the encoder's and Jackson's, mixed: the data member is what the old writer wrote. */
    @Test
    void archiveDataMemberIsTheJacksonPathsBytes() throws Exception {
        List<byte[]> docs = new ArrayList<>();
        SplittableRandom rnd = new SplittableRandom(7);
        for (int n = 0; n < 300; n++) {
            docs.add(new Generator(rnd).document());
            if (n % 50 == 0) {
                docs.add(jacksonOnlyDocuments().get(n / 50));
            }
        }
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(utf8("[\n"));
        for (int n = 0; n < docs.size(); n++) {
            expected.writeBytes(utf8(n == 0 ? "" : ",\n"));
            expected.writeBytes(jackson(docs.get(n)).bytes());
        }
        expected.writeBytes(utf8("\n]\n"));
        Path target = temp.resolve("mixed.tar.gz");
        try (ArchiveWriter w = OfficialArchiveWriter.toFile(target, "top", opts())) {
            try (TableWriter t = w.openTable(TABLE, TableInfo.parse("{\"primary_key\":\"id\"}"))) {
                for (byte[] d : docs) {
                    t.write(RawJson.of(d));
                }
                assertEquals(expected.size() - "\n]\n".length(), t.bytes()); // all but the end
                assertEquals(docs.size(), t.documents());
                t.finish();
            }
            w.commit();
        }
        byte[] member = members(target).get("top/db/t.json");
        assertEquals(expected.toString(StandardCharsets.US_ASCII), new String(member, StandardCharsets.US_ASCII));
    }

    /** A bad document fails with the old message, and nothing of it reaches the data member. */
    @Test
    void archiveWriterReportsBadDocumentsAsBeforeAndWritesNoneOfThem() throws Exception {
        byte[][] bad = {utf8("[1]"), utf8("{\"a\":1} x"), utf8("{\"a\":1} {}"),
            {'{', '"', 'a', '"', ':', '"', 'x', (byte) 0xFF, '"', '}'}, utf8("{\"a\":[1,2,{\"b\":\"c\"}, oops]}")};
        String[] messages = {"table db.t: document 2 is not a JSON object",
            "table db.t: document 2 " + jackson(bad[1]).error(),
            "table db.t: document 2 has data after the object",
            "table db.t: document 2 " + jackson(bad[3]).error(),
            "table db.t: document 2 " + jackson(bad[4]).error()};
        assertTrue(messages[1].startsWith("table db.t: document 2 is not valid JSON: Unrecognized token 'x'"), messages[1]);
        assertTrue(messages[3].contains("Invalid UTF-8"), messages[3]);
        for (int k = 0; k < bad.length; k++) {
            Path target = temp.resolve("bad" + k + ".tar.gz");
            try (ArchiveWriter w = OfficialArchiveWriter.toFile(target, "top", opts())) {
                try (TableWriter t = w.openTable(TABLE, TableInfo.parse("{\"primary_key\":\"id\"}"))) {
                    t.write(RawJson.of("{\"id\":1}"));
                    byte[] doc = bad[k];
                    ArchiveException e = assertThrows(ArchiveException.class, () -> t.write(RawJson.of(doc)));
                    assertEquals(messages[k], e.getMessage());
                    t.write(RawJson.of("{\"id\":3}"));
                    assertEquals(2, t.documents());
                    t.finish();
                }
                w.commit();
            }
            assertEquals("[\n{\"id\": 1},\n{\"id\": 3}\n]\n",
                    new String(members(target).get("top/db/t.json"), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void exportJsonAndNdjsonAreTheJacksonPathsBytes() throws Exception {
        List<byte[]> docs = new ArrayList<>();
        SplittableRandom rnd = new SplittableRandom(11);
        for (int n = 0; n < 200; n++) {
            docs.add(new Generator(rnd).document());
        }
        docs.addAll(jacksonOnlyDocuments());
        StringBuilder json = new StringBuilder("[");
        StringBuilder ndjson = new StringBuilder();
        for (int n = 0; n < docs.size(); n++) {
            String d = jackson(docs.get(n)).text();
            json.append(n == 0 ? "\n" : ",\n").append(d);
            ndjson.append(n == 0 ? "" : "\n").append(d);
        }
        json.append("\n]\n");
        assertEquals(json.toString(), export(ExportOptions.json(), docs));
        assertEquals(ndjson.toString(), export(ExportOptions.of(ExportFormat.NDJSON, null), docs));
    }

    @Test
    void exportReportsBadDocumentsAsBeforeAndWritesNoneOfThem() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExportEncoder e = new ExportEncoder(ExportOptions.of(ExportFormat.NDJSON, null), out);
        e.write(RawJson.of("{\"a\":\"\u00e9\"}"));
        assertEquals("document 2 is not a JSON object",
                assertThrows(ArchiveException.class, () -> e.write(RawJson.of("[]"))).getMessage());
        assertEquals("document 2 has data after the object",
                assertThrows(ArchiveException.class, () -> e.write(RawJson.of("{} {}"))).getMessage());
        byte[] invalid = {'{', '"', 'a', '"', ':', (byte) 0xC3, '}'};
        assertEquals("document 2 " + jackson(invalid).error(),
                assertThrows(ArchiveException.class, () -> e.write(RawJson.of(invalid))).getMessage());
        e.write(RawJson.of("{\"b\":2}"));
        e.finish();
        assertEquals(2, e.documents());
        assertEquals("{\"a\": \"\\u00e9\"}\n{\"b\": 2}", out.toString(StandardCharsets.US_ASCII));
    }

    private static String export(ExportOptions options, List<byte[]> docs) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExportEncoder e = new ExportEncoder(options, out);
        for (byte[] d : docs) {
            e.write(RawJson.of(d));
        }
        e.finish();
        assertEquals(docs.size(), e.documents());
        return out.toString(StandardCharsets.US_ASCII);
    }

    private ArchiveWriterOptions opts() throws IOException {
        return ArchiveWriterOptions.defaults().withTempDir(Files.createDirectories(temp.resolve("spool")));
    }

    @Test
    void aLargeDocumentGoesStraightToTheOutputAsTheSameBytes() throws IOException {
        StringBuilder json = new StringBuilder("{\"id\":7,\"text\":\"");
        while (json.length() < PythonJsonEncoder.STREAM_AT + 1000) {
            json.append("plain \\\"quoted\\\" \u00e9t\u00e9 \u4e2d ");
        }
        json.append("\",\"nums\":[1,2.5,-0.0,1e300],\"nested\":{\"a\":[{\"b\":null}]}}");
        RawJson document = RawJson.of(json.toString());
        byte[] separator = ",\n".getBytes(StandardCharsets.UTF_8);

        PythonJsonEncoder buffered = new PythonJsonEncoder();
        buffered.appendRaw(new byte[] {'['});
        buffered.appendDocument(separator, document, () -> "doc");
        byte[] expected = drain(buffered);

        PythonJsonEncoder streaming = new PythonJsonEncoder();
        streaming.appendRaw(new byte[] {'['});
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        streaming.appendDocument(separator, document, () -> "doc", out);
        assertEquals(0, streaming.size(), "nothing of a large document is buffered");
        assertArrayEquals(expected, out.toByteArray());
    }

    @Test
    void aSmallDocumentStaysBufferedWhenAnOutputIsGiven() throws IOException {
        PythonJsonEncoder e = new PythonJsonEncoder();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        e.appendDocument(new byte[0], RawJson.of("{\"id\":1}"), () -> "doc", out);
        assertEquals(0, out.size());
        assertEquals("{\"id\": 1}", new String(drain(e), StandardCharsets.UTF_8));
    }
}
