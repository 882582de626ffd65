package io.rethinkmigrate.archive.tar;

import static io.rethinkmigrate.archive.ArchiveTestSupport.listFiles;
import static io.rethinkmigrate.archive.ArchiveTestSupport.officialDump;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.rethinkmigrate.archive.ArchiveException;
import io.rethinkmigrate.archive.ArchiveReader;
import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.json.RawJson;
import io.rethinkmigrate.testsupport.RawTar;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzes the archive reader for a bounded time: the official fixture archive (and a smaller archive made of
 * its members, for more cases per second) mutated with a fixed seed, in the gzip layer and in the tar layer
 * (bit flips, truncations, inserted garbage, overwritten ranges, and tar headers mutated with their checksum
 * fixed so the mutation reaches the header parser), each read completely in file mode and in stream mode.
 * Every case must end in success or an {@link ArchiveException} with a one-line message: never another
 * exception, never a hang (per-case timeout), never a file left outside the spool dir (which must be empty).
 *
 * <p>{@code -Dfuzz.seconds=N} (default 20) sets the budget, {@code -Dfuzz.seed=S} the seed. A failing case
 * is saved under target/fuzz-failures/ with its seed and case number in the name.
 */
class ArchiveReaderFuzzTest {
    private static final long SEED = Long.getLong("fuzz.seed", 0x5EED_2026L);
    private static final long BUDGET_NANOS = TimeUnit.SECONDS.toNanos(Long.getLong("fuzz.seconds", 20));
    private static final long CASE_TIMEOUT_SECONDS = 30;

    @TempDir
    Path temp;

    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "fuzz-case");
        t.setDaemon(true);
        return t;
    });

    @AfterEach
    void stopWorker() {
        worker.shutdownNow();
    }

    /** One seed archive: its gzip bytes, its tar bytes, and where the tar headers are. */
    private record Seed(String name, byte[] gz, byte[] tar, List<Integer> headers) {
    }

    @Test
    void readerEndsInSuccessOrArchiveExceptionOnMutatedArchives() throws Exception {
        byte[] officialGz = Files.readAllBytes(officialDump());
        byte[] officialTar = gunzip(officialGz);
        byte[] smallTar = reduced(officialTar);
        List<Seed> seeds = List.of(
                new Seed("official", officialGz, officialTar, headers(officialTar)),
                new Seed("reduced", RawTar.gzip(smallTar), smallTar, headers(smallTar)));
        assertTrue(seeds.get(1).headers().size() >= 10, "the reduced seed keeps the fixture's members");
        assertTrue(smallTar.length < 64 * 1024, "the reduced seed is small: " + smallTar.length);
        for (Seed s : seeds) {
            assertEquals("ok", run(s.gz(), "unmutated " + s.name(), -1), "the unmutated seed " + s.name() + " reads");
        }

        Random random = new Random(SEED);
        Map<ErrorKind, Integer> rejected = new EnumMap<>(ErrorKind.class);
        int cases = 0;
        int ok = 0;
        long start = System.nanoTime();
        while (System.nanoTime() - start < BUDGET_NANOS) {
            Seed seed = random.nextInt(10) == 0 ? seeds.get(0) : seeds.get(1);
            StringBuilder how = new StringBuilder(seed.name()).append(": ");
            byte[] input = mutate(seed, random, how);
            String outcome = run(input, how.toString(), cases);
            if (outcome.equals("ok")) {
                ok++;
            } else {
                rejected.merge(ErrorKind.valueOf(outcome), 1, Integer::sum);
            }
            cases++;
        }
        System.out.printf("archive fuzz: seed %d, %d cases in %d s: %d read through, rejected %s%n", SEED, cases,
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start), ok, rejected);
        assertTrue(cases >= 10, "too few cases ran in the budget: " + cases);
        assertTrue(rejected.getOrDefault(ErrorKind.ARCHIVE, 0) > 0, "mutations that break the archive were rejected");
    }

    /**
     * Reads {@code input} fully, as a file (catalog, then data) and as a stream; returns "ok" or the error kind
     * (the same for both modes is not required: a file's catalog pass sees problems a stream meets later).
     */
    private String run(byte[] input, String how, int caseNo) throws Exception {
        Path spool = Files.createDirectories(temp.resolve("spool"));
        Path file = temp.resolve("case.tar.gz");
        Files.write(file, input);
        ArchiveReaderOptions opts = new ArchiveReaderOptions(spool);
        String first = null;
        for (boolean stream : new boolean[] {false, true}) {
            Future<String> result = worker.submit(() -> readFully(file, input, stream, opts));
            String outcome;
            try {
                outcome = result.get(CASE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                result.cancel(true);
                throw failure(input, caseNo, how, (stream ? "stream" : "file") + " mode hung for more than "
                        + CASE_TIMEOUT_SECONDS + " s", null);
            } catch (java.util.concurrent.ExecutionException e) {
                throw failure(input, caseNo, how, (stream ? "stream" : "file") + " mode threw "
                        + e.getCause().getClass().getName() + ": " + e.getCause().getMessage(), e.getCause());
            }
            if (first == null) {
                first = outcome;
            }
            List<Path> left = listFiles(spool);
            if (!left.isEmpty()) {
                throw failure(input, caseNo, how, "spool files left: " + left, null);
            }
            List<Path> beside = new ArrayList<>(listFiles(temp));
            beside.removeAll(List.of(spool, file));
            if (!beside.isEmpty()) {
                throw failure(input, caseNo, how, "files written beside the spool dir: " + beside, null);
            }
        }
        return first;
    }

    private static String readFully(Path file, byte[] input, boolean stream, ArchiveReaderOptions opts)
            throws Exception {
        try {
            if (stream) {
                try (InputStream in = new ByteArrayInputStream(input);
                        ArchiveReader r = OfficialArchiveReader.open(in, "stdin", opts)) {
                    consume(r);
                }
            } else {
                try (ArchiveReader r = OfficialArchiveReader.open(file, opts)) {
                    r.catalog();
                    consume(r);
                }
            }
            return "ok";
        } catch (ArchiveException e) {
            if (e.getMessage() == null || e.getMessage().indexOf('\n') >= 0 || e.getMessage().indexOf('\r') >= 0) {
                throw new AssertionError("not a one-line message: " + e.getMessage(), e);
            }
            return e.kind().name();
        }
    }

    private static void consume(ArchiveReader r) throws Exception {
        r.read((entry, docs) -> {
            RawJson d;
            while ((d = docs.next()) != null) {
                if (d.length() == 0) {
                    throw new AssertionError("empty document");
                }
            }
        });
    }

    private AssertionError failure(byte[] input, int caseNo, String how, String what, Throwable cause) {
        try {
            Path dir = Files.createDirectories(Path.of("target", "fuzz-failures"));
            Path saved = dir.resolve("seed-" + SEED + "-case-" + caseNo + ".tar.gz");
            Files.write(saved, input);
            what += " (input saved as " + saved + ")";
        } catch (Exception e) {
            what += " (input could not be saved: " + e + ")";
        }
        AssertionError error = new AssertionError("fuzz case " + caseNo + " (seed " + SEED + ", " + how + "): " + what);
        if (cause != null) {
            error.initCause(cause);
        }
        return error;
    }

    // --- mutations -------------------------------------------------------------------------------

    private static byte[] mutate(Seed seed, Random random, StringBuilder how) {
        int layer = random.nextInt(3);
        if (layer == 0) {
            how.append("gzip layer, ");
            return mutateBytes(seed.gz(), random, how, 10); // skip most of the gzip header, rarely interesting
        }
        byte[] tar = seed.tar().clone();
        if (layer == 1) {
            how.append("tar layer, ");
            tar = mutateBytes(tar, random, how, 0);
        } else {
            int header = seed.headers().get(random.nextInt(seed.headers().size()));
            how.append("tar header at ").append(header).append(", checksum fixed, ");
            mutateHeader(tar, header, random, how);
        }
        return RawTar.gzip(tar, 1);
    }

    private static byte[] mutateBytes(byte[] in, Random random, StringBuilder how, int protect) {
        int at = protect + random.nextInt(Math.max(1, in.length - protect));
        switch (random.nextInt(5)) {
            case 0 -> {
                byte[] out = in.clone();
                int flips = 1 + random.nextInt(8);
                how.append(flips).append(" bit flips from ").append(at);
                for (int i = 0; i < flips; i++) {
                    int pos = Math.min(in.length - 1, at + random.nextInt(64));
                    out[pos] ^= (byte) (1 << random.nextInt(8));
                }
                return out;
            }
            case 1 -> {
                how.append("truncated at ").append(at);
                return Arrays.copyOf(in, at);
            }
            case 2 -> {
                byte[] junk = new byte[1 + random.nextInt(600)];
                random.nextBytes(junk);
                how.append(junk.length).append(" garbage bytes inserted at ").append(at);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                out.write(in, 0, at);
                out.writeBytes(junk);
                out.write(in, at, in.length - at);
                return out.toByteArray();
            }
            case 3 -> {
                byte[] out = in.clone();
                int len = Math.min(in.length - at, 1 + random.nextInt(512));
                how.append(len).append(" bytes overwritten at ").append(at);
                byte[] junk = new byte[len];
                random.nextBytes(junk);
                System.arraycopy(junk, 0, out, at, len);
                return out;
            }
            default -> {
                int len = Math.min(in.length - at, 1 + random.nextInt(4096));
                how.append(len).append(" bytes at ").append(at).append(" repeated");
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                out.write(in, 0, at + len);
                out.write(in, at, in.length - at);
                return out.toByteArray();
            }
        }
    }

    /** Changes a header field (size, type, name, link, mode, magic) and fixes the checksum. */
    private static void mutateHeader(byte[] tar, int at, Random random, StringBuilder how) {
        int[][] fields = {{0, 100}, {100, 8}, {124, 12}, {156, 1}, {157, 100}, {257, 8}, {345, 155}};
        String[] names = {"name", "mode", "size", "type", "link name", "magic", "prefix"};
        int f = random.nextInt(fields.length);
        int off = at + fields[f][0];
        int len = fields[f][1];
        how.append(names[f]);
        switch (random.nextInt(4)) {
            case 0 -> {
                int pos = off + random.nextInt(len);
                tar[pos] ^= (byte) (1 << random.nextInt(8));
                how.append(" bit flip");
            }
            case 1 -> {
                byte[] junk = new byte[len];
                random.nextBytes(junk);
                System.arraycopy(junk, 0, tar, off, len);
                how.append(" random");
            }
            case 2 -> {
                String[] values = {"77777777777\0", "0\0", "-1\0", "99999999999\0", "/etc/passwd\0", "../../x\0",
                    "2", "1", "3", "6", "x", "g", "L", "S", "7", "5", "ustar\0", "\u0080\u0000\u0000\u0000"};
                byte[] v = values[random.nextInt(values.length)].getBytes(StandardCharsets.ISO_8859_1);
                Arrays.fill(tar, off, off + len, (byte) 0);
                System.arraycopy(v, 0, tar, off, Math.min(len, v.length));
                how.append(" = ").append(new String(v, 0, Math.min(len, v.length), StandardCharsets.ISO_8859_1)
                        .replace("\0", "\\0"));
            }
            default -> {
                Arrays.fill(tar, off, off + len, (byte) (random.nextBoolean() ? 0 : 0xff));
                how.append(" filled");
            }
        }
        Arrays.fill(tar, at + 148, at + 156, (byte) ' ');
        long sum = 0;
        for (int i = 0; i < 512; i++) {
            sum += tar[at + i] & 0xff;
        }
        byte[] chk = (String.format("%06o", sum & 0777777) + "\0 ").getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(chk, 0, tar, at + 148, 8);
    }

    // --- seeds -----------------------------------------------------------------------------------

    private static byte[] gunzip(byte[] gz) throws Exception {
        try (InputStream in = GzipCompressorInputStream.builder().setInputStream(new ByteArrayInputStream(gz))
                .setDecompressConcatenated(true).get()) {
            return in.readAllBytes();
        }
    }

    /** The official fixture's members, each data member cut to its first documents (still valid JSON). */
    private static byte[] reduced(byte[] tar) throws Exception {
        RawTar out = new RawTar();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar), "UTF-8")) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                String content = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                if (e.getName().endsWith(".json") && content.length() > 4096) {
                    // keep a few of the smaller documents (one per line in the official format)
                    List<String> kept = new ArrayList<>();
                    for (String line : content.split("\n")) {
                        String doc = line.endsWith(",") ? line.substring(0, line.length() - 1) : line;
                        if (doc.startsWith("{") && doc.length() < 2000 && kept.size() < 8) {
                            kept.add(doc);
                        }
                    }
                    content = "[\n" + String.join(",\n", kept) + "\n]\n";
                }
                out.file(e.getName(), content);
            }
        }
        return out.tar(true);
    }

    /** Offsets of the header blocks of an (unmutated) tar. */
    private static List<Integer> headers(byte[] tar) {
        List<Integer> out = new ArrayList<>();
        int at = 0;
        while (at + 512 <= tar.length && tar[at] != 0) {
            out.add(at);
            String size = new String(tar, at + 124, 12, StandardCharsets.ISO_8859_1).replace("\0", "").trim();
            long n = Long.parseLong(size, 8);
            at += 512 + (int) ((n + 511) / 512 * 512);
        }
        return out;
    }
}
