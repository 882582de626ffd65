package io.rethinkmigrate.bench;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import io.rethinkmigrate.archive.json.JsonCopy;
import io.rethinkmigrate.archive.json.PythonJsonEncoder;
import io.rethinkmigrate.json.Json;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Client CPU of a dump's re-encoding, without server or compression: documents/s of the Jackson path
 * (parse + Python-style generate, what the archive writer did per document) against {@link PythonJsonEncoder},
 * on the bench data set's ~1.2 KB documents. Single thread, output discarded (counted); docs per CPU second
 * of the thread.
 *
 * <pre>
 * mvn -o -q package -DskipTests
 * javac -d target/bench -cp target/rethink-migrate.jar bench/java/io/rethinkmigrate/bench/*.java
 * java -cp target/bench:target/rethink-migrate.jar io.rethinkmigrate.bench.EncodeBench [DOCS] [ROUNDS]
 * </pre>
 */
public final class EncodeBench {
    public static void main(String[] args) throws Exception {
        int docs = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        byte[][] input = new byte[docs][];
        long inBytes = 0;
        for (int i = 0; i < docs; i++) {
            StringBuilder sb = new StringBuilder(1300);
            Bench.document(sb, Bench.TABLES.get(i % 4), i);
            input[i] = sb.toString().getBytes(StandardCharsets.UTF_8);
            inBytes += input[i].length;
        }
        System.out.printf("%d documents, %.0f bytes each on average%n", docs, (double) inBytes / docs);
        Counting sink = new Counting();
        for (int r = 0; r < rounds; r++) {
            sink.count = 0;
            long t0 = cpu();
            JsonGenerator g = JsonCopy.pythonGenerator(sink);
            for (byte[] d : input) {
                try (JsonParser p = Json.factory().createParser(d)) {
                    p.nextToken();
                    g.writeRaw(",\n");
                    JsonCopy.copyValue(p, g);
                    p.nextToken();
                }
            }
            g.flush();
            double jackson = (cpu() - t0) / 1e9;
            long jacksonBytes = sink.count;
            sink.count = 0;
            t0 = cpu();
            PythonJsonEncoder e = new PythonJsonEncoder();
            byte[] sep = {',', '\n'};
            for (byte[] d : input) {
                e.appendRaw(sep);
                if (!e.append(d, 0, d.length)) {
                    throw new IllegalStateException("fallback on a bench document");
                }
                if (e.size() >= 32 * 1024) {
                    e.drainTo(sink);
                }
            }
            e.drainTo(sink);
            double fast = (cpu() - t0) / 1e9;
            if (sink.count != jacksonBytes) {
                throw new IllegalStateException("different output sizes " + jacksonBytes + " / " + sink.count);
            }
            System.out.printf("round %d (per CPU second): jackson %,.0f docs/s, encoder %,.0f docs/s, x%.2f%n", r + 1, docs / jackson,
                    docs / fast, jackson / fast);
        }
    }

    /** This thread's CPU time: the client CPU the encoding costs, steadier than wall time on a shared machine. */
    static long cpu() {
        return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    static final class Counting extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
