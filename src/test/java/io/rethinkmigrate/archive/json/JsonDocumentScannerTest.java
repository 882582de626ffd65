package io.rethinkmigrate.archive.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.rethinkmigrate.archive.ArchiveException;
import io.rethinkmigrate.archive.DocumentReader;
import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.json.Json;
import io.rethinkmigrate.json.RawJson;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@link MemberDocuments} (now the byte scanner {@link JsonDocumentScanner}) against the Jackson parse +
 * generate it replaced ({@link JacksonMemberDocuments}): on thousands of seeded random documents both give
 * the same documents (the same bytes, and equal as JSON values with numbers compared by their text), the
 * same count and the same line positions; on seeded malformed members both refuse with
 * ARCHIVE_BAD_DATA naming a line; a missing primary key is ARCHIVE_INCONSISTENT in both. Then what only
 * the scanner does: strict UTF-8, lone surrogates kept, big documents, the nesting and number limits.
 */
class JsonDocumentScannerTest {
    private static final long SEED = Long.getLong("scanner.seed", 0x5CA11E5L);
    private static final String LABEL = "a.tar.gz: top/db/t.json";
    private static final Pattern ESCAPED_PAIR = Pattern.compile("\\\\uD[89AB][0-9A-F]{2}\\\\uD[C-F][0-9A-F]{2}");
    private static final Pattern LINE = Pattern.compile("^" + Pattern.quote(LABEL) + " line (\\d+): (.+)$");

    /** What a reader made of a member: documents (text), positions after each, and the error if any. */
    private record Outcome(List<String> docs, List<String> positions, ArchiveException error) {
    }

    private interface Reader extends DocumentReader, AutoCloseable {
        @Override
        void close();
    }

    private static Outcome read(boolean scanner, byte[] member, String pk, Random chunks) {
        InputStream in = new ChunkyInput(member, chunks == null ? null : new Random(chunks.nextLong()));
        Function<IOException, ArchiveException> io = e -> new ArchiveException("read failed: " + e);
        List<String> docs = new ArrayList<>();
        List<String> positions = new ArrayList<>();
        DocumentReader r = scanner ? new MemberDocuments(in, LABEL, io, pk) : new JacksonMemberDocuments(in, LABEL, io, pk);
        try {
            RawJson d;
            while ((d = r.next()) != null) {
                docs.add(d.toString());
                positions.add(r.position());
            }
            return new Outcome(docs, positions, null);
        } catch (ArchiveException e) {
            return new Outcome(docs, positions, e);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The text with escaped surrogate pairs written as the characters they stand for. */
    private static String combinePairs(String json) {
        return ESCAPED_PAIR.matcher(json).replaceAll(m -> new String(new char[] {
            (char) Integer.parseInt(m.group().substring(2, 6), 16), (char) Integer.parseInt(m.group().substring(8, 12), 16)}));
    }

    private static String cut(String s) {
        return s.length() > 400 ? s.substring(0, 400) + "..." : s;
    }

    /** The tokens of one JSON value: names, strings and numbers with their text. */
    private static List<String> tokens(String json) throws IOException {
        List<String> out = new ArrayList<>();
        try (JsonParser p = Json.factory().createParser(json)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                out.add(t + (t == JsonToken.FIELD_NAME || t == JsonToken.VALUE_STRING || t.isNumeric() ? ":" + p.getText() : ""));
            }
        }
        return out;
    }

    @Test
    void randomMembersGiveTheDocumentsJacksonGave() throws Exception {
        RandomMembers gen = new RandomMembers(SEED);
        Random rnd = gen.random();
        int documents = 0;
        int escapes = 0;
        int pairsLeftEscaped = 0;
        for (int m = 0; m < 700; m++) {
            RandomMembers.Member member = gen.member(rnd.nextInt(12) == 0 ? 0 : 1 + rnd.nextInt(20), "id");
            Random chunks = rnd.nextBoolean() ? new Random(rnd.nextLong()) : null;
            Outcome jackson = read(false, member.bytes(), "id", null);
            Outcome scanner = read(true, member.bytes(), "id", chunks);
            String what = "member " + m + " (" + (member.array() ? "array" : "objects") + "): " + cut(member.text());
            assertNull(jackson.error(), what);
            assertNull(scanner.error(), what);
            assertEquals(member.spans().size(), scanner.docs().size(), what);
            assertEquals(jackson.docs().size(), scanner.docs().size(), what);
            for (int i = 0; i < jackson.docs().size(); i++) {
                String old = jackson.docs().get(i);
                String now = scanner.docs().get(i);
                assertTrue(tokens(old).equals(tokens(now)), "equal as JSON values: " + what);
                if (!old.equals(now)) {
                    // Jackson's generator leaves a pair escaped where it straddles its buffer (long field names)
                    assertEquals(combinePairs(old), now, "the same bytes but escaped pairs: " + what);
                    pairsLeftEscaped++;
                }
            }
            assertEquals(jackson.positions(), scanner.positions(), "the same lines: " + what);
            documents += scanner.docs().size();
            escapes += member.text().split("\\\\u", -1).length - 1;
        }
        assertTrue(documents > 5000, "documents compared: " + documents);
        assertTrue(pairsLeftEscaped < documents / 20, "documents differing in escaped pairs: " + pairsLeftEscaped);
        assertTrue(escapes > 10_000, "\\u escapes read: " + escapes);
    }

    /** Values that make a document invalid JSON, as the value of a field. */
    private static final String[] BAD_VALUES = {
        "01", "-01", "00", "01.5", "1.", ".5", "-", "+1", "1e", "1e+", "1.e5", "-.5", "0x10", "NaN", "Infinity",
        "-Infinity", "tru", "nul", "fals", "True", "nulll", "truex", "'str'", "\"a\\x\"", "\"a\\u12G4\"",
        "\"a\\u12\"", "\"a\\'\"", "\"a\u0001b\"", "\"tab\tx\"", "\"nl\nx\"", "\"a\u001fb\"", "[1,]", "{\"a\":1,}",
        "[1 2]", "{\"a\" 1}", "{\"a\":1 \"b\":2}", "{a:1}", "/*c*/1", "// c\n1", "[1}", "{]", "[,1]", "{,}",
        "[1,,2]", "{\"a\":}", "{\"a\"}", "{\"a\":1,,\"b\":2}", "1 2", "\"\\a\"", "[\n\n1,\n]", "{\"a\":\n1\n,}",
    };

    /** Byte sequences that make a document invalid (bad UTF-8 Jackson refuses too, bytes between tokens). */
    private static final byte[][] BAD_BYTES = {
        {'"', (byte) 0x80, '"'}, {'"', (byte) 0xE2, (byte) 0x82, '"'}, {'"', (byte) 0xF8, (byte) 0x88, (byte) 0x80,
            (byte) 0x80, (byte) 0x80, '"'}, {'"', (byte) 0xFF, '"'}, {'"', 'a', (byte) 0xC3, '"'}, {'"', (byte) 0xC3, 'x', '"'},
        {'1', 0x01}, {0x0B, '1'}, {(byte) 0xC3, (byte) 0xA9, '1'}, {0, '1'}, {'"', 'x', (byte) 0xBF, '"'},
    };

    /** Members invalid as a whole: {0} is a valid document, {1} another. */
    private static final String[] BAD_MEMBERS = {
        "[{0},]", "[{0},,{1}]", "[{0} {1}]", "[{0}] x", "[{0}] {1}", "[{0}]]", "[{0}],", "[{0}, 1]", "[{0}, \"s\"]",
        "[{0}, []]", "[{0}, null]", "{0} x", "{0} 1", "{0}]", "{0}\n[]", "x", "1", "\"s\"", "]", "", "   \n", "[{0}",
        "[{0},", "[{0},\n{1}\n", "[", "[{0}\r\n,\r\n{1}\r\n,\r\n]", "[{0}, {1}]\n\n  x", "{0}{1}}", "{0}\n,{1}",
    };

    @Test
    void malformedMembersAreRefusedByBoth() throws Exception {
        RandomMembers gen = new RandomMembers(SEED + 1);
        Random rnd = gen.random();
        int cases = 0;
        for (String bad : BAD_VALUES) {
            for (int k = 0; k < 4; k++) {
                refusedByBoth(withBadValue(gen, bad.getBytes(StandardCharsets.UTF_8)), rnd, "value " + bad);
                cases++;
            }
        }
        for (byte[] bad : BAD_BYTES) {
            for (int k = 0; k < 4; k++) {
                refusedByBoth(withBadValue(gen, bad), rnd, "bytes " + java.util.HexFormat.of().formatHex(bad));
                cases++;
            }
        }
        for (String bad : BAD_MEMBERS) {
            for (int k = 0; k < 4; k++) {
                String member = bad.replace("{0}", document(gen)).replace("{1}", document(gen));
                refusedByBoth(member.getBytes(StandardCharsets.UTF_8), rnd, "member " + bad);
                cases++;
            }
        }
        for (int k = 0; k < 600; k++) { // truncations: inside the array, or inside an object of NDJSON
            RandomMembers.Member m = gen.member(1 + rnd.nextInt(5), "id");
            int cut;
            if (m.array()) {
                int close = new String(m.bytes(), StandardCharsets.ISO_8859_1).lastIndexOf(']');
                cut = 1 + rnd.nextInt(close); // anywhere before the array's closing bracket
            } else {
                int[] span = m.spans().get(rnd.nextInt(m.spans().size()));
                cut = span[0] + 1 + rnd.nextInt(span[1] - span[0] - 1);
            }
            refusedByBoth(java.util.Arrays.copyOf(m.bytes(), cut), rnd, "truncated at " + cut);
            cases++;
        }
        assertTrue(cases > 900, "cases: " + cases);
    }

    private static String document(RandomMembers gen) {
        RandomMembers.Out o = new RandomMembers.Out();
        gen.document(o, "id", gen.random().nextBoolean());
        return new String(o.bytes(), StandardCharsets.UTF_8);
    }

    /** A member (array or objects) of valid documents, one of them with the bad value as a field. */
    private static byte[] withBadValue(RandomMembers gen, byte[] bad) {
        Random rnd = gen.random();
        boolean array = rnd.nextBoolean();
        RandomMembers.Out o = new RandomMembers.Out();
        o.ascii(array ? "[\n" : "");
        int before = rnd.nextInt(4);
        for (int i = 0; i < before; i++) {
            gen.document(o, "id", rnd.nextBoolean());
            o.ascii(array ? ",\n" : "\n");
        }
        o.ascii("{\"id\": " + rnd.nextInt(100) + ", " + (rnd.nextBoolean() ? "\"nested\": {\"a\": [1, " : "") + "\"x\": ");
        o.raw(bad);
        o.ascii("}");
        o.ascii(array ? "\n]" : "\n");
        return o.bytes();
    }

    private static void refusedByBoth(byte[] member, Random rnd, String what) throws IOException {
        String text = what + ": " + cut(new String(member, StandardCharsets.UTF_8));
        Outcome jackson = read(false, member, "id", null);
        Outcome scanner = read(true, member, "id", new Random(rnd.nextLong()));
        assertNotNull(jackson.error(), "Jackson refuses " + text);
        assertNotNull(scanner.error(), "the scanner refuses " + text);
        assertEquals(ErrorKind.ARCHIVE_BAD_DATA, jackson.error().kind(), text);
        assertEquals(ErrorKind.ARCHIVE_BAD_DATA, scanner.error().kind(), scanner.error().getMessage() + " for " + text);
        Matcher j = LINE.matcher(jackson.error().getMessage());
        Matcher s = LINE.matcher(scanner.error().getMessage());
        assertTrue(j.matches(), jackson.error().getMessage());
        assertTrue(s.matches(), scanner.error().getMessage());
        assertEquals(j.group(1), s.group(1), "the same line: " + scanner.error().getMessage() + " / "
                + jackson.error().getMessage() + " for " + text);
        assertEquals(jackson.docs().size(), scanner.docs().size(), "the documents before the fault: " + text);
        for (int i = 0; i < jackson.docs().size(); i++) {
            assertTrue(tokens(jackson.docs().get(i)).equals(tokens(scanner.docs().get(i))), "document " + i + " of " + text);
        }
    }

    @Test
    void missingPrimaryKeyIsInconsistentInBoth() {
        RandomMembers gen = new RandomMembers(SEED + 2);
        for (int k = 0; k < 200; k++) {
            boolean array = gen.random().nextBoolean();
            String member = (array ? "[" : "") + document(gen) + (array ? ",\n" : "\n")
                    + "{\"x\": 1, \"nested\": {\"id\": 2}}" + (array ? "]" : "");
            Outcome jackson = read(false, member.getBytes(StandardCharsets.UTF_8), "id", null);
            Outcome scanner = read(true, member.getBytes(StandardCharsets.UTF_8), "id", gen.random());
            assertEquals(ErrorKind.ARCHIVE_INCONSISTENT, jackson.error().kind());
            assertEquals(ErrorKind.ARCHIVE_INCONSISTENT, scanner.error().kind());
            assertEquals(jackson.error().getMessage(), scanner.error().getMessage());
            assertTrue(scanner.error().getMessage().contains("document has no primary key `id`"), scanner.error().getMessage());
            assertEquals(1, scanner.docs().size());
        }
    }

    @Test
    void primaryKeyNamesAreComparedAsDecodedText() {
        String[][] found = {
            {"id", "{\"\\u0069d\": 1}"}, {"id", "{\"i\\u0064\": 1}"}, {"ké", "{\"k\\u00e9\": 1}"}, {"ké", "{\"ké\": 1}"},
            {"a\"b", "{\"a\\\"b\": 1}"}, {"a\"b", "{\"a\\u0022b\": 1}"}, {"a/b", "{\"a\\/b\": 1}"}, {"😀", "{\"\\ud83d\\ude00\": 1}"},
            {"😀", "{\"😀\": 1}"}, {"t\tb", "{\"t\\u0009b\": 1}"}, {"t\tb", "{\"t\\tb\": 1}"}, {"\u0001", "{\"\\u0001\": 1}"},
            {"id", "{\"x\": {\"id\": 1}, \"id\": 2}"},
        };
        for (String[] c : found) {
            Outcome o = read(true, c[1].getBytes(StandardCharsets.UTF_8), c[0], null);
            assertNull(o.error(), c[1]);
            assertEquals(1, o.docs().size(), c[1]);
        }
        String[][] missing = {{"id", "{\"Id\": 1}"}, {"id", "{\"x\": {\"id\": 1}}"}, {"id", "{\"x\": [{\"id\": 1}]}"},
            {"id", "{\"x\": \"id\"}"}, {"ké", "{\"ke\\u0301\": 1}"}, {"id", "{\"id \": 1}"}, {"id", "{\"i\": \"d\"}"}};
        for (String[] c : missing) {
            ArchiveException e = read(true, c[1].getBytes(StandardCharsets.UTF_8), c[0], null).error();
            assertNotNull(e, c[1]);
            assertEquals(ErrorKind.ARCHIVE_INCONSISTENT, e.kind(), c[1]);
        }
    }

    @Test
    void documentsOfTensOfMegabytesInSmallReads() throws Exception {
        int n = 32 << 20;
        ByteArrayOutputStream b = new ByteArrayOutputStream(n + 1000);
        b.writeBytes("[{\"id\": 1, \"big\": \"".getBytes(StandardCharsets.US_ASCII));
        StringBuilder expected = new StringBuilder(n);
        String[] pieces = {"abc ", "\\u00e9", "é", "\\ud83d\\ude00", "\\n", "\\\"", "𝄞"};
        String[] decoded = {"abc ", "é", "é", "😀", "\n", "\"", "𝄞"};
        Random rnd = new Random(SEED);
        while (b.size() < n) {
            int i = rnd.nextInt(pieces.length);
            b.writeBytes(pieces[i].getBytes(StandardCharsets.UTF_8));
            expected.append(decoded[i]);
        }
        b.writeBytes("\", \"after\": [1, 2.5e3]},\n{\"id\": 2}]".getBytes(StandardCharsets.US_ASCII));
        try (MemberDocuments d = new MemberDocuments(new ChunkyInput(b.toByteArray(), new Random(1)), LABEL,
                e -> new ArchiveException("read failed"), "id")) {
            RawJson first = d.next();
            assertTrue(first.length() > 16 << 20, "length " + first.length());
            com.fasterxml.jackson.databind.JsonNode doc = Json.parse(first);
            assertEquals(expected.toString(), doc.get("big").asText());
            assertTrue(first.toString().endsWith("\",\"after\":[1,2.5e3]}"), "the number as written after the string");
            assertEquals("{\"id\":2}", d.next().toString());
            assertNull(d.next());
            assertEquals(2, d.count());
        }
    }

    @Test
    void nestingAndNumberLimitsAreJacksonsLimits() throws Exception {
        // the enclosing array counts as a level, as it did for Jackson
        assertAgree(nested(Json.MAX_NESTING_DEPTH - 1, true), true);
        assertAgree(nested(Json.MAX_NESTING_DEPTH, true), false);
        assertAgree(nested(Json.MAX_NESTING_DEPTH, false), true);
        assertAgree(nested(Json.MAX_NESTING_DEPTH + 1, false), false);
        assertAgree("{\"id\": " + "9".repeat(10_000) + "}", true);
        assertAgree("{\"id\": -" + "9".repeat(10_000) + "}", true);
        assertAgree("{\"id\": " + "9".repeat(10_001) + "}", false);
        assertAgree("{\"id\": 1." + "9".repeat(10_000) + "}", false);
    }

    private static String nested(int depth, boolean array) {
        StringBuilder sb = new StringBuilder(array ? "[" : "");
        sb.append("{\"id\": 1, \"a\": ");
        for (int i = 1; i < depth; i++) {
            sb.append(i % 2 == 0 ? "{\"a\": " : "[");
        }
        sb.append("0");
        for (int i = depth - 1; i >= 1; i--) {
            sb.append(i % 2 == 0 ? "}" : "]");
        }
        return sb.append(array ? "}]" : "}").toString();
    }

    private static void assertAgree(String member, boolean valid) {
        byte[] bytes = member.getBytes(StandardCharsets.UTF_8);
        Outcome jackson = read(false, bytes, "id", null);
        Outcome scanner = read(true, bytes, "id", null);
        String what = member.length() > 80 ? member.substring(0, 80) + "..." : member;
        assertEquals(valid, jackson.error() == null, "Jackson on " + what);
        assertEquals(valid, scanner.error() == null, "scanner on " + what + ": " + scanner.error());
        assertEquals(jackson.docs(), scanner.docs());
        if (!valid) {
            assertEquals(ErrorKind.ARCHIVE_BAD_DATA, scanner.error().kind());
        }
    }

    @Test
    void invalidUtf8JacksonMisreadIsRefused() {
        // Jackson decoded these to other characters (or two lone surrogates) and the restore stored those
        int[][] bad = {{0xC0, 0x80}, {0xC1, 0xBF}, {0xE0, 0x80, 0x80}, {0xE0, 0x9F, 0xBF}, {0xED, 0xA0, 0x80},
            {0xED, 0xBF, 0xBF}, {0xF0, 0x80, 0x80, 0x80}, {0xF0, 0x8F, 0xBF, 0xBF}, {0xF4, 0x90, 0x80, 0x80},
            {0xF5, 0x80, 0x80, 0x80}};
        for (int[] seq : bad) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            b.writeBytes("[{\"id\": 1},\n{\"id\": \"a".getBytes(StandardCharsets.US_ASCII));
            for (int x : seq) {
                b.write(x);
            }
            b.writeBytes("b\"}]".getBytes(StandardCharsets.US_ASCII));
            ArchiveException e = read(true, b.toByteArray(), "id", null).error();
            assertNotNull(e, java.util.Arrays.toString(seq));
            assertEquals(ErrorKind.ARCHIVE_BAD_DATA, e.kind());
            assertTrue(e.getMessage().startsWith(LABEL + " line 2: invalid JSON: invalid UTF-8"), e.getMessage());
        }
        // the limits themselves are valid
        String edges = "[{\"id\": \"\u0080\u07ff\u0800\ud7ff\ue000\uffff\ud800\udc00\udbff\udfff\"}]";
        Outcome ok = read(true, edges.getBytes(StandardCharsets.UTF_8), "id", null);
        assertNull(ok.error());
        assertEquals("{\"id\":\"\u0080\u07ff\u0800\ud7ff\ue000\uffff\ud800\udc00\udbff\udfff\"}", ok.docs().get(0));
    }

    @Test
    void loneSurrogatesKeepTheirValue() {
        // Jackson's generator paired a lone high surrogate with the character after it
        String member = "{\"id\": \"\\ud800x\\udc00\\ud800\\ud800\\ude00\\udbff\"}";
        Outcome o = read(true, member.getBytes(StandardCharsets.UTF_8), "id", null);
        assertNull(o.error());
        assertEquals("{\"id\":\"\\uD800x\\uDC00\\uD800\ud800\ude00\\uDBFF\"}", o.docs().get(0));
        assertEquals("\ud800x\udc00\ud800\ud800\ude00\udbff", Json.parse(o.docs().get(0)).get("id").asText());
    }

    @Test
    void byteOrderMarkAndLineEndings() {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] body = "[{\"id\": 1},\r\n{\"id\": 2},\r{\"id\": 3},\n{\"id\": 4}]".getBytes(StandardCharsets.UTF_8);
        byte[] member = new byte[bom.length + body.length];
        System.arraycopy(bom, 0, member, 0, 3);
        System.arraycopy(body, 0, member, 3, body.length);
        Outcome o = read(true, member, "id", null);
        assertNull(o.error());
        assertEquals(List.of("{\"id\":1}", "{\"id\":2}", "{\"id\":3}", "{\"id\":4}"), o.docs());
        assertEquals(List.of(LABEL + " line 1", LABEL + " line 2", LABEL + " line 3", LABEL + " line 4"), o.positions());
        assertEquals(read(false, member, "id", null), o);
    }

    @Test
    void readFailuresOfTheSourceAreTheArchivesError() {
        InputStream failing = new java.io.SequenceInputStream(
                new ByteArrayInputStream("[{\"id\": 1}, {\"id\": 2".getBytes(StandardCharsets.UTF_8)),
                new InputStream() {
                    @Override
                    public int read() throws IOException {
                        throw new IOException("Unexpected end of ZLIB input stream");
                    }
                });
        MemberDocuments d = new MemberDocuments(failing, LABEL, e -> new ArchiveException("corrupt: " + e.getMessage()), "id");
        ArchiveException e = assertThrows(ArchiveException.class, () -> {
            while (d.next() != null) {
                // read on
            }
        });
        assertEquals("corrupt: Unexpected end of ZLIB input stream", e.getMessage());
        assertEquals(1, d.count());
    }

    @Test
    void nothingIsReadPastBadJson() throws IOException {
        MemberDocuments d = new MemberDocuments(new ByteArrayInputStream(
                "[{\"id\": 1},\n{\"id\": tru},\n{\"id\": 3}]".getBytes(StandardCharsets.UTF_8)), LABEL,
                e -> new ArchiveException("read failed"), "id");
        assertEquals("{\"id\":1}", d.next().toString());
        ArchiveException first = assertThrows(ArchiveException.class, d::next);
        ArchiveException again = assertThrows(ArchiveException.class, d::next);
        assertEquals(ErrorKind.ARCHIVE_BAD_DATA, again.kind());
        assertEquals(LABEL + " line 2: invalid JSON: unrecognized token (expected 'true')", first.getMessage());
        assertEquals(first.getMessage(), again.getMessage());
        assertEquals(1, d.count());
    }

    @Test
    void escapedOutputIsWhatJacksonsGeneratorWrote() {
        String member = "{\"id\": \"\\u0000\\b\\t\\n\\u000b\\f\\r\\u001F\\\"\\\\\\/\\u007f\\u00E9\\u20ac\"}";
        Outcome o = read(true, member.getBytes(StandardCharsets.UTF_8), "id", null);
        assertEquals(List.of("{\"id\":\"\\u0000\\b\\t\\n\\u000B\\f\\r\\u001F\\\"\\\\/\u007fé€\"}"), o.docs());
        assertArrayEquals(o.docs().toArray(), read(false, member.getBytes(StandardCharsets.UTF_8), "id", null).docs().toArray());
    }

    /** Serves bytes in reads of random small sizes (or all at once), so chunk boundaries fall everywhere. */
    private static final class ChunkyInput extends ByteArrayInputStream {
        private final Random sizes;

        ChunkyInput(byte[] bytes, Random sizes) {
            super(bytes);
            this.sizes = sizes;
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            return super.read(b, off, sizes == null || len == 0 ? len : Math.min(len, 1 + sizes.nextInt(sizes.nextBoolean() ? 7 : 5000)));
        }
    }
}
