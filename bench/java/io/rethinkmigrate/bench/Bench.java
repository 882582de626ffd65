package io.rethinkmigrate.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.rethinkmigrate.json.RawJson;
import io.rethinkmigrate.wire.ConnectOptions;
import io.rethinkmigrate.wire.Connection;
import io.rethinkmigrate.wire.Cursor;
import io.rethinkmigrate.wire.Endpoint;
import io.rethinkmigrate.wire.GlobalOptions;
import io.rethinkmigrate.wire.Term;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The server-side limits the benchmark compares rethink-migrate with, measured with the project's own
 * wire client but none of its dump/restore code:
 *
 * <ul>
 *   <li>{@code load HOST:PORT DB DOCS CLIENTS [BATCH_DOCS]}: creates the data set (4 tables holding 70/15/10/5 % of
 *       DOCS documents of about 1 KB: nested objects, arrays, TIME, BINARY) by parallel batched inserts
 *       (BATCH_DOCS a batch, default 500) of documents generated in memory BEFORE the clock starts: the
 *       fastest raw insert.</li>
 *   <li>{@code read HOST:PORT DB CLIENTS RANGE_DOCS}: reads every table with CLIENTS parallel cursors
 *       over primary-key ranges of about RANGE_DOCS documents (exact split points: the generator's keys
 *       are known), discarding the data: the fastest raw read.</li>
 * </ul>
 * {@code drop HOST:PORT DB} and {@code count HOST:PORT DB} (documents in the four tables) help the script.
 * Each measurement prints one line {@code RESULT <what> docs=N bytes=B seconds=S}. Not a test: bench/run.sh compiles
 * and runs it against the shaded jar, outside the Maven test suites.
 */
public final class Bench {
    /** Table name, share of the documents, primary key kind. */
    record Spec(String name, double share, boolean uuidKeys) {
    }

    static final List<Spec> TABLES = List.of(
            new Spec("big", 0.70, true), new Spec("mid", 0.15, false),
            new Spec("small", 0.10, true), new Spec("tiny", 0.05, false));
    static final int DEFAULT_BATCH_DOCS = 500;

    public static void main(String[] args) throws Exception {
        String cmd = args[0];
        Endpoint endpoint = Endpoint.parse(args[1]);
        ConnectOptions options = ConnectOptions.builder().endpoint(endpoint)
                .password(System.getenv().getOrDefault("RETHINKDB_PASSWORD", "")).build();
        String db = args[2];
        switch (cmd) {
            case "load" -> load(options, db, Long.parseLong(args[3]), Integer.parseInt(args[4]),
                    args.length > 5 ? Integer.parseInt(args[5]) : DEFAULT_BATCH_DOCS);
            case "read" -> read(options, db, Integer.parseInt(args[3]), Long.parseLong(args[4]));
            case "drop" -> {
                try (Connection c = Connection.open(options)) {
                    c.run(Term.dbDrop(db));
                }
            }
            case "count" -> {
                long n = 0;
                try (Connection c = Connection.open(options)) {
                    for (Spec spec : TABLES) {
                        n += c.run(Term.db(db).table(spec.name()).count()).asLong();
                    }
                }
                System.out.println(n);
            }
            default -> throw new IllegalArgumentException("unknown command " + cmd);
        }
    }

    static long docsOf(Spec spec, long total) {
        return Math.max(1, Math.round(total * spec.share()));
    }

    // ------------------------------------------------------------------ load

    static void load(ConnectOptions options, String db, long total, int clients, int batchDocs) throws Exception {
        try (Connection c = Connection.open(options)) {
            JsonNode dbs = c.run(Term.dbList());
            for (JsonNode name : dbs) {
                if (name.asText().equals(db)) {
                    c.run(Term.dbDrop(db));
                }
            }
            c.run(Term.dbCreate(db));
            for (Spec spec : TABLES) {
                c.run(Term.db(db).tableCreate(spec.name(), Map.of("primary_key", "id")));
            }
        }
        // generate every batch first: the timed part is the inserts only
        List<Term> batches = new ArrayList<>();
        long bytes = 0;
        for (Spec spec : TABLES) {
            long n = docsOf(spec, total);
            for (long start = 0; start < n; start += batchDocs) {
                StringBuilder sb = new StringBuilder(batchDocs * 1100);
                sb.append('[');
                for (long i = start; i < Math.min(n, start + batchDocs); i++) {
                    if (i > start) {
                        sb.append(',');
                    }
                    document(sb, spec, i);
                }
                sb.append(']');
                byte[] json = sb.toString().getBytes(StandardCharsets.UTF_8);
                bytes += json.length;
                batches.add(Term.db(db).table(spec.name()).insert(Term.json(RawJson.of(json)),
                        Map.of("durability", "soft")));
            }
        }
        ConcurrentLinkedQueue<Term> queue = new ConcurrentLinkedQueue<>(batches);
        batches = null;
        long started = System.nanoTime();
        runParallel(clients, () -> {
            try (Connection c = Connection.open(options)) {
                // two batches on the wire per connection: the server never waits for us
                Semaphore inFlight = new Semaphore(2);
                AtomicReference<Throwable> failed = new AtomicReference<>();
                Term batch;
                while ((batch = queue.poll()) != null && failed.get() == null) {
                    inFlight.acquire();
                    c.runAsync(batch, GlobalOptions.none()).whenComplete((r, e) -> {
                        if (e != null) {
                            failed.compareAndSet(null, e);
                        } else if (r.path("errors").asLong() > 0) {
                            failed.compareAndSet(null, new IllegalStateException(r.toString()));
                        }
                        inFlight.release();
                    });
                }
                inFlight.acquire(2);
                if (failed.get() != null) {
                    throw new IllegalStateException(failed.get());
                }
            }
            return null;
        });
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("RESULT raw-insert docs=%d bytes=%d seconds=%.3f batch=%d%n", totalDocs(total), bytes, seconds,
                batchDocs);
    }

    static long totalDocs(long total) {
        return TABLES.stream().mapToLong(s -> docsOf(s, total)).sum();
    }

    /** A deterministic document of about 1 KB. */
    static void document(StringBuilder sb, Spec spec, long i) {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(i * 31 + spec.name().hashCode());
        sb.append("{\"id\":");
        if (spec.uuidKeys()) {
            sb.append('"').append(uuidKey(i)).append('"');
        } else {
            sb.append(i);
        }
        sb.append(",\"name\":\"user ").append(i).append(" Ünïcødé ").append(Long.toHexString(rnd.nextLong()))
                .append("\",\"email\":\"u").append(i).append("@example.org\"")
                .append(",\"age\":").append(rnd.nextInt(100))
                .append(",\"score\":").append(rnd.nextDouble() * 1000)
                .append(",\"active\":").append(rnd.nextBoolean())
                .append(",\"created\":{\"$reql_type$\":\"TIME\",\"epoch_time\":").append(1.6e9 + rnd.nextInt(100_000_000))
                .append(",\"timezone\":\"+02:00\"}")
                .append(",\"address\":{\"street\":\"").append(rnd.nextInt(999)).append(" Long Street\",\"city\":\"City ")
                .append(rnd.nextInt(500)).append("\",\"geo\":{\"lat\":").append(rnd.nextDouble() * 90)
                .append(",\"lon\":").append(rnd.nextDouble() * 180).append("}}")
                .append(",\"tags\":[\"a").append(rnd.nextInt(10)).append("\",\"b").append(rnd.nextInt(10))
                .append("\",\"c").append(rnd.nextInt(10)).append("\"]")
                .append(",\"history\":[");
        for (int h = 0; h < 3; h++) {
            sb.append(h > 0 ? "," : "").append("{\"at\":{\"$reql_type$\":\"TIME\",\"epoch_time\":")
                    .append(1.5e9 + rnd.nextInt(100_000_000)).append(",\"timezone\":\"+00:00\"},\"event\":\"event ")
                    .append(rnd.nextInt(1000)).append("\",\"n\":").append(rnd.nextLong()).append('}');
        }
        byte[] blob = new byte[180];
        for (int b = 0; b < blob.length; b++) {
            blob[b] = (byte) rnd.nextInt(256);
        }
        sb.append("],\"avatar\":{\"$reql_type$\":\"BINARY\",\"data\":\"")
                .append(Base64.getEncoder().encodeToString(blob)).append("\"}")
                .append(",\"notes\":\"");
        for (int w = 0; w < 30; w++) {
            sb.append(WORDS[rnd.nextInt(WORDS.length)]).append(' ');
        }
        sb.append("\"}");
    }

    static final String[] WORDS = {"lorem", "ipsum", "dolor", "sit", "amet", "consectetur", "adipiscing", "elit",
        "sed", "do", "eiusmod", "tempor", "incididunt", "ut", "labore", "et", "dolore", "magna", "aliqua"};

    /** A UUID-shaped key spread uniformly over the key space (as RethinkDB's generated keys are). */
    static String uuidKey(long i) {
        long h = mix(i);
        long l = mix(i ^ 0x5DEECE66DL);
        String hex = String.format("%016x%016x", h, l);
        return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                + hex.substring(16, 20) + "-" + hex.substring(20, 32);
    }

    static long mix(long z) {
        z = (z + 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    // ------------------------------------------------------------------ read

    record Range(Spec spec, Term lower, Term upper) {
    }

    static void read(ConnectOptions options, String db, int clients, long rangeDocs) throws Exception {
        ConcurrentLinkedQueue<Range> ranges = new ConcurrentLinkedQueue<>();
        long total = 0;
        try (Connection c = Connection.open(options)) {
            for (Spec spec : TABLES) {
                long n = c.run(Term.db(db).table(spec.name()).count()).asLong();
                total += n;
                int parts = (int) Math.max(1, (n + rangeDocs - 1) / rangeDocs);
                List<Term> bounds = new ArrayList<>();
                bounds.add(Term.minval());
                for (int p = 1; p < parts; p++) {
                    if (spec.uuidKeys()) {
                        long cut = (long) ((double) p / parts * 0x1_0000_0000L);
                        bounds.add(Term.value(String.format("%08x", cut)));
                    } else {
                        bounds.add(Term.value(n * p / parts));
                    }
                }
                bounds.add(Term.maxval());
                for (int p = 0; p < parts; p++) {
                    ranges.add(new Range(spec, bounds.get(p), bounds.get(p + 1)));
                }
            }
        }
        AtomicLong docs = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        GlobalOptions read = GlobalOptions.none().rawFormats().maxBatchBytes(8L << 20)
                .with("first_batch_scaledown_factor", 1);
        long started = System.nanoTime();
        runParallel(clients, () -> {
            try (Connection c = Connection.open(options)) {
                Range r;
                while ((r = ranges.poll()) != null) {
                    try (Cursor cursor = c.cursor(Term.db(db).table(r.spec().name()).between(r.lower(), r.upper()), read)) {
                        List<RawJson> batch;
                        while ((batch = cursor.nextBatch()) != null) {
                            long b = 0;
                            for (RawJson doc : batch) {
                                b += doc.length();
                            }
                            docs.addAndGet(batch.size());
                            bytes.addAndGet(b);
                        }
                    }
                }
            }
            return null;
        });
        double seconds = (System.nanoTime() - started) / 1e9;
        if (docs.get() != total) {
            throw new IllegalStateException("read " + docs.get() + " documents, the tables hold " + total);
        }
        System.out.printf("RESULT raw-read docs=%d bytes=%d seconds=%.3f%n", docs.get(), bytes.get(), seconds);
    }

    interface Work {
        Void call() throws Exception;
    }

    static void runParallel(int n, Work work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<Void>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(work::call));
            }
            for (Future<Void> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
