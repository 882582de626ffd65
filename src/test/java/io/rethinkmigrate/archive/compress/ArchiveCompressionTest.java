package io.rethinkmigrate.archive.compress;

import static io.rethinkmigrate.archive.ArchiveTestSupport.officialDump;
import static io.rethinkmigrate.archive.ArchiveTestSupport.readAll;
import static io.rethinkmigrate.archive.ArchiveTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rethinkmigrate.archive.ArchiveException;
import io.rethinkmigrate.archive.ArchiveReader;
import io.rethinkmigrate.archive.ArchiveTestSupport;
import io.rethinkmigrate.archive.tar.ArchiveReaderOptions;
import io.rethinkmigrate.archive.tar.ArchiveWriterOptions;
import io.rethinkmigrate.archive.tar.OfficialArchiveReader;
import io.rethinkmigrate.model.TableId;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `dump --compress gzip|zstd|none`: each archive reads back whole, gzip ones with every gzip reader too. */
class ArchiveCompressionTest {
    @TempDir
    Path temp;

    /** The official fixture copied by our writer with the given compression. */
    private Path copyFixture(ArchiveCompression kind, int level) throws Exception {
        Path spool = Files.createDirectories(temp.resolve("spool"));
        Path target = temp.resolve("copy" + kind.extension());
        return ArchiveTestSupport.copyFixture(target, "top", spool,
                ArchiveWriterOptions.defaults().withTempDir(spool).withCompression(kind, level));
    }

    private static Map<TableId, List<String>> documents(Path archive) throws Exception {
        try (ArchiveReader r = OfficialArchiveReader.open(archive, ArchiveReaderOptions.defaults())) {
            return readAll(r);
        }
    }

    @Test
    void everyCompressionReadsBackTheSameDocuments() throws Exception {
        Map<TableId, List<String>> official = documents(officialDump());
        for (ArchiveCompression kind : ArchiveCompression.values()) {
            Path archive = copyFixture(kind, kind.defaultLevel());
            assertEquals(official, documents(archive), kind + " archive");
        }
    }

    @Test
    void eachKindIsWhatItsNameSays() throws Exception {
        byte[] gzip = Files.readAllBytes(copyFixture(ArchiveCompression.GZIP, 6));
        byte[] zstd = Files.readAllBytes(copyFixture(ArchiveCompression.ZSTD, 3));
        byte[] tar = Files.readAllBytes(copyFixture(ArchiveCompression.NONE, 0));
        assertArrayEquals(new byte[] {0x1f, (byte) 0x8b}, Arrays.copyOf(gzip, 2));
        assertArrayEquals(new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd}, Arrays.copyOf(zstd, 4));
        assertEquals("ustar", new String(tar, 257, 5, java.nio.charset.StandardCharsets.US_ASCII));
    }

    @Test
    void gzipArchivesReadWithPythonsStreamReaderAsTheOfficialRestoreDoes() throws Exception {
        Path archive = copyFixture(ArchiveCompression.GZIP, 9);
        assertTrue(Files.size(archive) > ParallelDeflateOutputStream.BLOCK / 2, "the archive spans several blocks");
        // 'r|gz' reads the first gzip member only, as the official restore does (tarfile.open(mode='r|*'))
        ArchiveTestSupport.Run python = run(temp, "python3", "-c",
                "import tarfile, json, sys\n"
                        + "t = tarfile.open(sys.argv[1], 'r|gz')\n"
                        + "n = 0\n"
                        + "for m in t:\n"
                        + "    if m.name.endswith('.json'):\n"
                        + "        n += len(json.load(t.extractfile(m)))\n"
                        + "print(n)\n", archive.toString());
        if (python == null) {
            return;
        }
        assertEquals(0, python.exit(), python.output());
        long expected = documents(officialDump()).values().stream().mapToLong(List::size).sum();
        assertEquals(String.valueOf(expected), python.output().trim());
    }

    @Test
    void parallelGzipOfManyBlocksIsOneGzipMemberAsSmallAsOneStream() throws Exception {
        byte[] data = new byte[ParallelDeflateOutputStream.BLOCK * 5 + 12345];
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) ('a' + random.nextInt(8)); // compressible, not trivially
        }
        byte[] compressed = gzipInParallel(data, 6, 1000);
        try (GzipCompressorInputStream firstMemberOnly = new GzipCompressorInputStream(
                new ByteArrayInputStream(compressed), false)) {
            assertArrayEquals(data, firstMemberOnly.readAllBytes(), "a reader of the first member gets everything");
        }
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
            assertArrayEquals(data, in.readAllBytes(), "java.util.zip reads it whole");
        }
        ByteArrayOutputStream single = new ByteArrayOutputStream();
        try (GZIPOutputStream one = new GZIPOutputStream(single)) {
            one.write(data);
        }
        assertTrue(compressed.length < single.size() * 1.01,
                "parallel " + compressed.length + " bytes against one stream's " + single.size());
        Path file = Files.write(temp.resolve("blocks.gz"), compressed);
        ArchiveTestSupport.Run gzip = run(temp, "gzip", "-t", file.toString());
        if (gzip != null) {
            assertEquals(0, gzip.exit(), gzip.output());
        }
    }

    @Test
    void aStreamEndingOnABlockBoundaryIsWhole() throws Exception {
        byte[] data = new byte[ParallelDeflateOutputStream.BLOCK * 2];
        new SplittableRandom(5).nextBytes(data);
        byte[] compressed = gzipInParallel(data, 1, data.length);
        try (GzipCompressorInputStream in = new GzipCompressorInputStream(new ByteArrayInputStream(compressed), false)) {
            assertArrayEquals(data, in.readAllBytes());
        }
    }

    @Test
    void anEmptyParallelGzipStreamIsStillAGzipFile() throws Exception {
        byte[] compressed = gzipInParallel(new byte[0], 6, 1);
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
            assertEquals(0, in.readAllBytes().length);
        }
        try (GzipCompressorInputStream in = new GzipCompressorInputStream(new ByteArrayInputStream(compressed), false)) {
            assertEquals(0, in.readAllBytes().length);
        }
    }

    @Test
    void piecesCompressedApartJoinOneMemberWithTheirCombinedCrc() throws Exception {
        SplittableRandom random = new SplittableRandom(7);
        byte[] first = new byte[70_000];
        byte[] second = new byte[ParallelDeflateOutputStream.BLOCK + 3];
        byte[] third = new byte[513];
        for (byte[] piece : List.of(first, second, third)) {
            random.nextBytes(piece);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CompressedOutput output = new CompressedOutput(out, ArchiveCompression.GZIP, 6);
        output.writePiece(first);
        appendSpooled(output, second, 6, 4096);
        output.writePiece(third);
        output.finish();
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.write(first);
        expected.write(second);
        expected.write(third);
        try (GzipCompressorInputStream in = new GzipCompressorInputStream(new ByteArrayInputStream(out.toByteArray()), false)) {
            assertArrayEquals(expected.toByteArray(), in.readAllBytes(), "one member holds all three pieces");
        }
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(out.toByteArray()))) {
            assertArrayEquals(expected.toByteArray(), in.readAllBytes(), "and its trailer's CRC-32 is right");
        }
    }

    @Test
    void combinedCrcsEqualTheCrcOfTheWhole() {
        SplittableRandom random = new SplittableRandom(11);
        for (int round = 0; round < 50; round++) {
            byte[] data = new byte[random.nextInt(1, 200_000)];
            random.nextBytes(data);
            int cut = random.nextInt(data.length + 1);
            CRC32 whole = new CRC32();
            whole.update(data);
            CRC32 a = new CRC32();
            a.update(data, 0, cut);
            CRC32 b = new CRC32();
            b.update(data, cut, data.length - cut);
            assertEquals(whole.getValue(), Crc32Combine.combine(a.getValue(), b.getValue(), data.length - cut),
                    "cut at " + cut + " of " + data.length);
        }
    }

    /** A gzip file as the archive writer makes one: data compressed by the parallel stream, framed once. */
    private static byte[] gzipInParallel(byte[] data, int level, int writeSize) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CompressedOutput output = new CompressedOutput(out, ArchiveCompression.GZIP, level);
        appendSpooled(output, data, level, writeSize);
        output.finish();
        return out.toByteArray();
    }

    /** {@code data} spooled as a table's data is (the parallel stream, in writes of writeSize) and appended. */
    private static void appendSpooled(CompressedOutput output, byte[] data, int level, int writeSize) throws Exception {
        ByteArrayOutputStream spool = new ByteArrayOutputStream();
        try (ParallelDeflateOutputStream deflate = new ParallelDeflateOutputStream(spool, level)) {
            for (int off = 0; off < data.length; off += writeSize) {
                deflate.write(data, off, Math.min(writeSize, data.length - off));
            }
        }
        CRC32 crc = new CRC32();
        crc.update(data);
        output.appendCompressed(new ByteArrayInputStream(spool.toByteArray()), crc.getValue(), data.length);
    }

    @Test
    void aTruncatedZstdArchiveIsReportedTruncated() throws Exception {
        byte[] zstd = Files.readAllBytes(copyFixture(ArchiveCompression.ZSTD, 3));
        Path cut = Files.write(temp.resolve("cut.tar.zst"), Arrays.copyOf(zstd, zstd.length / 2));
        ArchiveException e = assertThrows(ArchiveException.class, () -> documents(cut));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }
}
