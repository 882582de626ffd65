package io.rethinkmigrate.archive;

import static io.rethinkmigrate.archive.ArchiveTestSupport.officialDump;
import static io.rethinkmigrate.archive.ArchiveTestSupport.readAll;
import static io.rethinkmigrate.archive.ArchiveTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rethinkmigrate.json.RawJson;
import io.rethinkmigrate.model.TableId;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;
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
        try (ArchiveReader r = OfficialArchiveReader.open(officialDump(), ArchiveReaderOptions.defaults().withTempDir(spool));
                ArchiveWriter w = OfficialArchiveWriter.toFile(target, "top",
                        ArchiveWriterOptions.defaults().withTempDir(spool).withCompression(kind, level))) {
            r.read((entry, docs) -> {
                try (TableWriter t = w.openTable(entry.table(), entry.info())) {
                    RawJson d;
                    while ((d = docs.next()) != null) {
                        t.write(d);
                    }
                    t.finish();
                }
            });
            w.commit();
        }
        return target;
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
    void gzipArchivesReadWithPythonAsTheOfficialRestoreDoes() throws Exception {
        Path archive = copyFixture(ArchiveCompression.GZIP, 9);
        ArchiveTestSupport.Run python = run(temp, "python3", "-c",
                "import tarfile, json, sys\n"
                        + "t = tarfile.open(sys.argv[1], 'r:gz')\n"
                        + "n = 0\n"
                        + "for m in t.getmembers():\n"
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
    void parallelGzipOfManyBlocksIsOneValidGzipStream() throws Exception {
        byte[] data = new byte[ParallelGzipOutputStream.BLOCK * 5 + 12345];
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) ('a' + random.nextInt(8)); // compressible, not trivially
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ParallelGzipOutputStream gz = new ParallelGzipOutputStream(out, 6)) {
            for (int off = 0; off < data.length; off += 1000) {
                gz.write(data, off, Math.min(1000, data.length - off));
            }
        }
        byte[] compressed = out.toByteArray();
        assertTrue(compressed.length < data.length / 2, "compressed: " + compressed.length);
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
            assertArrayEquals(data, in.readAllBytes(), "java.util.zip reads every member");
        }
        Path file = Files.write(temp.resolve("blocks.gz"), compressed);
        ArchiveTestSupport.Run gzip = run(temp, "gzip", "-t", file.toString());
        if (gzip != null) {
            assertEquals(0, gzip.exit(), gzip.output());
        }
    }

    @Test
    void anEmptyParallelGzipStreamIsStillAGzipFile() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ParallelGzipOutputStream(out, 6).close();
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(out.toByteArray()))) {
            assertEquals(0, in.readAllBytes().length);
        }
    }

    @Test
    void aTruncatedZstdArchiveIsReportedTruncated() throws Exception {
        byte[] zstd = Files.readAllBytes(copyFixture(ArchiveCompression.ZSTD, 3));
        Path cut = Files.write(temp.resolve("cut.tar.zst"), Arrays.copyOf(zstd, zstd.length / 2));
        ArchiveException e = assertThrows(ArchiveException.class, () -> documents(cut));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }
}
