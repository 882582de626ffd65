package io.rethinkmigrate.archive;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.rethinkmigrate.archive.tar.ArchiveReaderOptions;
import io.rethinkmigrate.archive.tar.ArchiveWriterOptions;
import io.rethinkmigrate.archive.tar.OfficialArchiveReader;
import io.rethinkmigrate.archive.tar.OfficialArchiveWriter;
import io.rethinkmigrate.json.Json;
import io.rethinkmigrate.json.RawJson;
import io.rethinkmigrate.model.TableId;
import io.rethinkmigrate.testsupport.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/** Shared helpers of the archive tests. */
public final class ArchiveTestSupport {
    private ArchiveTestSupport() {
    }

    public static Path officialDump() {
        return Fixtures.officialDump();
    }

    /** Every table's documents as strings, by table, in file order. */
    public static Map<TableId, List<String>> readAll(ArchiveReader reader) throws IOException {
        Map<TableId, List<String>> out = new TreeMap<>();
        reader.read((entry, docs) -> {
            List<String> list = new ArrayList<>();
            RawJson d;
            while ((d = docs.next()) != null) {
                list.add(d.toString());
            }
            if (out.put(entry.table(), list) != null) {
                fail("table visited twice: " + entry.table());
            }
        });
        return out;
    }

    /** Member name to content, in archive order, read with commons-compress (directories reported as "DIR"). */
    public static Map<String, byte[]> members(Path archive) throws IOException {
        try (InputStream in = Files.newInputStream(archive)) {
            return members(in);
        }
    }

    public static Map<String, byte[]> members(InputStream raw) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                GzipCompressorInputStream.builder().setInputStream(raw).setDecompressConcatenated(true).get(), "UTF-8")) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                out.put(e.getName(), e.isDirectory() ? "DIR".getBytes(StandardCharsets.UTF_8) : tar.readAllBytes());
            }
        }
        return out;
    }

    /** A canonical text of a JSON value: keys sorted, numbers as their exact text, strings re-escaped uniformly. */
    public static String canonical(String json) throws IOException {
        try (JsonParser p = Json.factory().createParser(json)) {
            p.nextToken();
            StringWriter w = new StringWriter();
            try (JsonGenerator g = Json.factory().createGenerator(w)) {
                canon(p, g);
            }
            if (p.nextToken() != null) {
                throw new IOException("trailing data");
            }
            return w.toString();
        }
    }

    private static void canon(JsonParser p, JsonGenerator g) throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                TreeMap<String, String> fields = new TreeMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    StringWriter w = new StringWriter();
                    try (JsonGenerator sub = Json.factory().createGenerator(w)) {
                        canon(p, sub);
                    }
                    fields.put(name, w.toString());
                }
                g.writeStartObject();
                for (Map.Entry<String, String> f : fields.entrySet()) {
                    g.writeFieldName(f.getKey());
                    g.writeRawValue(f.getValue());
                }
                g.writeEndObject();
            }
            case START_ARRAY -> {
                g.writeStartArray();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    canon(p, g);
                }
                g.writeEndArray();
            }
            case VALUE_STRING -> g.writeString(p.getText());
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> g.writeNumber(p.getText());
            case VALUE_TRUE, VALUE_FALSE -> g.writeBoolean(t == JsonToken.VALUE_TRUE);
            case VALUE_NULL -> g.writeNull();
            default -> throw new IOException("unexpected " + t);
        }
    }

    /**
     * Copies the official fixture into {@code target} with our writer (top directory {@code top}), tables in
     * catalog order, documents in file order.
     */
    public static Path copyFixture(Path target, String top, Path spool, ArchiveWriterOptions options) throws IOException {
        try (ArchiveReader r = OfficialArchiveReader.open(officialDump(), ArchiveReaderOptions.defaults().withTempDir(spool));
                ArchiveWriter w = OfficialArchiveWriter.toFile(target, top, options)) {
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

    /** Builds a tar.gz from (name, content) pairs; a null content makes a directory entry. */
    public static Path tarGz(Path target, String[][] entries, boolean eofBlocks) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (GzipCompressorOutputStream gz = new GzipCompressorOutputStream(buf)) {
            TarArchiveOutputStream tar = new TarArchiveOutputStream(gz, "UTF-8");
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (String[] e : entries) {
                if (e[1] == null) {
                    TarArchiveEntry dir = new TarArchiveEntry(e[0].endsWith("/") ? e[0] : e[0] + "/");
                    tar.putArchiveEntry(dir);
                } else {
                    byte[] data = e[1].getBytes(StandardCharsets.UTF_8);
                    TarArchiveEntry f = new TarArchiveEntry(e[0], true);
                    f.setSize(data.length);
                    tar.putArchiveEntry(f);
                    tar.write(data);
                }
                tar.closeArchiveEntry();
            }
            if (eofBlocks) {
                tar.finish();
            } else {
                tar.flush();
            }
        }
        Files.write(target, buf.toByteArray());
        return target;
    }

    /** Result of an external tool; null when the tool is missing (the caller skips with a printed reason). */
    public record Run(int exit, String output) {
    }

    public static Run run(Path dir, String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            System.out.println("SKIP external check: " + command[0] + " is not available (" + e.getMessage() + ")");
            return null;
        }
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(command[0] + " timed out");
        }
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    public static List<Path> listFiles(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.toList();
        }
    }
}
