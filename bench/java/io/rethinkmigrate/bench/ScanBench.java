package io.rethinkmigrate.bench;

import io.rethinkmigrate.archive.ArchiveException;
import io.rethinkmigrate.archive.json.MemberDocuments;
import io.rethinkmigrate.archive.json.PythonJsonEncoder;
import io.rethinkmigrate.json.RawJson;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Client CPU of a restore's document scanning, without server or compression: documents/s of
 * {@link MemberDocuments} (the byte-level scanner restore reads archive members with) over one member
 * holding the bench data set's ~1.2 KB documents in the archive's Python style. Single thread; docs per
 * CPU second of the thread. The restore-side twin of {@link EncodeBench}.
 *
 * <pre>
 * mvn -o -q package -DskipTests
 * javac -d target/bench -cp target/rethink-migrate.jar bench/java/io/rethinkmigrate/bench/*.java
 * java -cp target/bench:target/rethink-migrate.jar io.rethinkmigrate.bench.ScanBench [DOCS] [ROUNDS]
 * </pre>
 */
public final class ScanBench {
    public static void main(String[] args) throws Exception {
        int docs = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        byte[] member = member(docs);
        System.out.printf("member of %,d bytes%n", member.length);
        for (int r = 0; r < rounds; r++) {
            long started = EncodeBench.cpu();
            long bytes = 0;
            MemberDocuments scanner = new MemberDocuments(new ByteArrayInputStream(member), "bench",
                    e -> new ArchiveException(e.toString()), "id");
            for (RawJson d = scanner.next(); d != null; d = scanner.next()) {
                bytes += d.length();
            }
            double seconds = (EncodeBench.cpu() - started) / 1e9;
            System.out.printf("round %d: scanner %,.0f docs/s (%,d bytes out)%n", r + 1, docs / seconds, bytes);
        }
    }

    /** A table member as the dump writes it: a JSON array of the documents, one per line. */
    private static byte[] member(int docs) throws IOException {
        PythonJsonEncoder encoder = new PythonJsonEncoder();
        ByteArrayOutputStream member = new ByteArrayOutputStream();
        encoder.appendRaw(new byte[] {'['});
        for (int i = 0; i < docs; i++) {
            StringBuilder sb = new StringBuilder(1300);
            Bench.document(sb, Bench.TABLES.get(i % 4), i);
            byte[] d = sb.toString().getBytes(StandardCharsets.UTF_8);
            if (i > 0) {
                encoder.appendRaw(new byte[] {',', '\n'});
            }
            if (!encoder.append(d, 0, d.length)) {
                throw new IllegalStateException("the encoder gave up on bench document " + i);
            }
            encoder.drainWhenFull(member);
        }
        encoder.appendRaw(new byte[] {']'});
        encoder.drainTo(member);
        return member.toByteArray();
    }
}
