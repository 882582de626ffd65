package io.rethinkmigrate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rethinkmigrate.model.TableId;
import io.rethinkmigrate.testsupport.ArchiveContents;
import io.rethinkmigrate.testsupport.Canonical;
import io.rethinkmigrate.testsupport.CliRunner;
import io.rethinkmigrate.testsupport.JsDriver;
import io.rethinkmigrate.testsupport.ProcessRunner;
import io.rethinkmigrate.testsupport.RepoPaths;
import io.rethinkmigrate.testsupport.TestServer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Documents of tens of megabytes restore and dump back with the default launcher (its capped heap, no
 * JVM options): an archive in the official layout holding generated documents of 20 to 40 MB
 * (long strings with quotes, backslashes, control and non-ASCII characters, long arrays of numbers,
 * nested objects) is restored, read back with the official JS driver, dumped and read again.
 */
class LargeDocumentsIT {
    private static final Duration RUN = Duration.ofMinutes(10);

    @TempDir
    Path dir;

    private JsDriver js;
    private String db;

    @AfterEach
    void dropTheDatabase() {
        if (js != null && db != null) {
            js.dropDb(db);
        }
    }

    @Test
    void documentsOfTensOfMegabytesRestoreAndDumpBackWithTheDefaultLauncher() throws IOException {
        TestServer server = TestServer.require();
        js = new JsDriver(server).timeout(RUN);
        db = TestServer.uniqueName("rm_large");
        // reqlite answers a whole-table read as one frame and is slow with it: two documents there
        List<String> documents = generate(server.isReqlite() ? 2 : 3, new SplittableRandom(21));
        Path archive = writeOfficialArchive(dir.resolve("large.tar.gz"), db, "blobs", documents);

        ProcessRunner.Outcome restore = launcher("restore", archive.toString(), "-c", server.address(),
                "--password-file", passwordFile(server).toString(), "-q");
        assertEquals(0, restore.exitCode(), "restore: " + restore.stderrText());
        List<String> expected = Canonical.canonicalForJsAll(documents).stream().sorted().toList();
        assertEquals(expected, Canonical.canonicalForJsAll(js.dump(db, "blobs")).stream().sorted().toList(),
                "the server holds the documents, as the JS driver reads them");

        Path back = dir.resolve("back.tar.gz");
        ProcessRunner.Outcome dump = launcher("dump", "-e", db, "-f", back.toString(), "-c", server.address(),
                "--password-file", passwordFile(server).toString(), "-q");
        assertEquals(0, dump.exitCode(), "dump: " + dump.stderrText());
        List<String> dumped = ArchiveContents.read(back).documents().get(new TableId(db, "blobs"));
        assertEquals(expected, Canonical.canonicalForJsAll(dumped).stream().sorted().toList(),
                "the dump holds the same documents");
    }

    @Test
    void optionsTheHeapCannotHoldAreRefusedBeforeAnythingIsWritten() throws IOException {
        Path archive = writeOfficialArchive(dir.resolve("small.tar.gz"), "rm_unused", "t", List.of("{\"id\":1}"));
        ProcessRunner.Outcome restore = launcher("restore", archive.toString(), "-c", "127.0.0.1:9",
                "--clients", "8", "--batch-bytes", "64MB");
        assertEquals(2, restore.exitCode(), restore.stderrText());
        List<String> errors = restore.stderrText().lines().filter(line -> line.startsWith("error:")).toList();
        assertEquals(1, errors.size(), "one error line: " + restore.stderrText());
        assertTrue(errors.get(0).contains("--clients 8 x --batch-bytes 64 MB") && errors.get(0).contains("JAVA_OPTS=-Xmx"),
                errors.get(0));
    }

    /** bin/rethink-migrate as an operator runs it: its default JVM options, the jar under test. */
    private static ProcessRunner.Outcome launcher(String... args) {
        List<String> command = new ArrayList<>(List.of("bash", RepoPaths.root().resolve("bin/rethink-migrate").toString()));
        command.addAll(List.of(args));
        return ProcessRunner.run(command, null, Map.of(CliRunner.ENV_JAR, CliRunner.jar().toString()), null, RUN);
    }

    private Path passwordFile(TestServer server) throws IOException {
        Path file = dir.resolve("password");
        Files.writeString(file, server.password(), StandardCharsets.UTF_8);
        return file;
    }

    /** Documents of 20 to 40 MB each, compact JSON. */
    static List<String> generate(int count, SplittableRandom random) {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789 \"\\\t\n\u00e9\u00fc\u4e2d\u6587\ud83d\ude00";
        List<String> documents = new ArrayList<>();
        for (int id = 0; id < count; id++) {
            int target = 20_000_000 + random.nextInt(20_000_001);
            StringBuilder piece = new StringBuilder();
            while (piece.length() < 4096) {
                int at = random.nextInt(alphabet.length() - 1);
                piece.append(Character.isHighSurrogate(alphabet.charAt(at)) ? alphabet.substring(at, at + 2)
                        : String.valueOf(alphabet.charAt(at)));
            }
            String escapedPiece = jsonString(piece.toString());
            StringBuilder doc = new StringBuilder(target + 1024).append("{\"id\":").append(id).append(",\"text\":\"");
            while (doc.length() < target / 2) {
                doc.append(escapedPiece, 1, escapedPiece.length() - 1);
            }
            // a real server stores no array of more than 100,000 elements: numbers in rows of 50,000
            doc.append("\",\"numbers\":[[");
            for (int n = 0; doc.length() < target; n++) {
                doc.append(n == 0 ? "" : n % 50_000 == 0 ? "],[" : ",").append(random.nextInt())
                        .append(n % 7 == 0 ? ".25" : "");
            }
            doc.append("]],\"nested\":{\"a\":[{\"b\":null,\"c\":true}],\"size\":").append(target).append("}}");
            documents.add(doc.toString());
        }
        return documents;
    }

    private static String jsonString(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }

    /** The official tool's layout: TOP/DB/TABLE.info, then TOP/DB/TABLE.json as a JSON array a line each. */
    private static Path writeOfficialArchive(Path file, String db, String table, List<String> documents)
            throws IOException {
        byte[] info = ("{\"db\": {\"name\": \"" + db + "\"}, \"name\": \"" + table + "\", \"primary_key\": \"id\","
                + " \"indexes\": [], \"write_hook\": null, \"doc_count_estimates\": [" + documents.size() + "]}\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] data = ("[\n" + String.join(",\n", documents) + "\n]\n").getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = Files.newOutputStream(file);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(out))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Map.Entry<String, byte[]> member : List.of(Map.entry(".info", info), Map.entry(".json", data))) {
                TarArchiveEntry entry = new TarArchiveEntry("rethinkdb_dump_large/" + db + "/" + table + member.getKey());
                entry.setSize(member.getValue().length);
                tar.putArchiveEntry(entry);
                tar.write(member.getValue());
                tar.closeArchiveEntry();
            }
        }
        return file;
    }
}
