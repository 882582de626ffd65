package io.rethinkmigrate.testsupport;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The independent reader/writer: runs {@code node scripts/js-reader.js} (official RethinkDB JS driver,
 * none of our code) against a server, so tests can check what the server really holds.
 * Node modules must be installed ({@code bash scripts/npm-install.sh}; {@code scripts/test.sh} does it).
 * Every call throws {@link IllegalStateException} with the script's stderr when it fails.
 */
public final class JsDriver {
    public static final Duration TIMEOUT = Duration.ofSeconds(120);

    private final String address;
    private final String password;
    private Duration timeout = TIMEOUT;

    public JsDriver(TestServer server) {
        this(server.address(), server.password());
    }

    public JsDriver(String address, String password) {
        this.address = address;
        this.password = password == null ? "" : password;
    }

    /** Gives each call this long instead of {@link #TIMEOUT} (tables of very large documents). */
    public JsDriver timeout(Duration limit) {
        this.timeout = limit;
        return this;
    }

    /** Every document of the table, one JSON text each, raw TIME/BINARY, sorted by primary key text. */
    public List<String> dump(String db, String table) {
        return lines(run("js-reader.js", null, "dump", db, table));
    }

    public long count(String db, String table) {
        return Long.parseLong(run("js-reader.js", null, "count", db, table).trim());
    }

    /** {@code db.table} of every table outside the {@code rethinkdb} system db, sorted. */
    public List<String> tables() {
        return lines(run("js-reader.js", null, "tables"));
    }

    /** Secondary index names, sorted. */
    public List<String> indexes(String db, String table) {
        return lines(run("js-reader.js", null, "indexes", db, table));
    }

    /**
     * Inserts NDJSON documents (db and table are created if missing, with primary key {@code pk} or the
     * default when null); raw {@code $reql_type$} TIME/BINARY/GEOMETRY objects become real values.
     */
    public void load(String db, String table, String pk, List<String> ndjsonDocs) {
        StringBuilder sb = new StringBuilder();
        for (String d : ndjsonDocs) {
            if (d.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("a document must be one line of JSON: " + d);
            }
            sb.append(d).append('\n');
        }
        List<String> args = new ArrayList<>(List.of("load", db, table));
        if (pk != null) {
            args.add("--pk");
            args.add(pk);
        }
        run("js-reader.js", sb.toString().getBytes(StandardCharsets.UTF_8), args.toArray(String[]::new));
    }

    /** Drops a database if it exists (cleanup). */
    public void dropDb(String db) {
        run("js-reader.js", null, "drop", db);
    }

    /**
     * Runs {@code scripts/load-sample.js}: database {@code db} (recreated) with tables people ({@code docs}
     * documents), orders ({@code ceil(docs/2)}) and empty. Returns its one-line summary.
     */
    public String loadSample(String db, int docs) {
        return run("load-sample.js", null, "--db", db, "--docs", Integer.toString(docs)).trim();
    }

    /** Deletes the document whose primary key is {@code keyJson} (JSON text, e.g. {@code "\"p-7\""} or {@code 7}). */
    public void delete(String db, String table, String keyJson) {
        run("js-reader.js", null, "delete", db, table, keyJson);
    }

    /** Merges {@code patchJson} (an object) into the document whose primary key is {@code keyJson}. */
    public void update(String db, String table, String keyJson, String patchJson) {
        run("js-reader.js", null, "update", db, table, keyJson, patchJson);
    }

    /** Creates a secondary index on the field of the same name and waits for it. */
    public void indexCreate(String db, String table, String name) {
        run("js-reader.js", null, "index-create", db, table, name);
    }

    public void indexDrop(String db, String table, String name) {
        run("js-reader.js", null, "index-drop", db, table, name);
    }

    /** Sets a write hook that sets {@code field} to true on every write (real servers only: reqlite has no hooks). */
    public void setWriteHook(String db, String table, String field) {
        run("js-reader.js", null, "set-hook", db, table, field);
    }

    /** The write hook's query text as the server gives it, or null when the table has none. */
    public String writeHook(String db, String table) {
        String query = run("js-reader.js", null, "hook", db, table).strip();
        return query.isEmpty() ? null : query;
    }

    private String run(String script, byte[] stdin, String... args) {
        List<String> cmd = new ArrayList<>();
        String node = System.getenv("NODE");
        cmd.add(node == null || node.isBlank() ? "node" : node);
        cmd.add(RepoPaths.scripts().resolve(script).toString());
        cmd.add(address);
        cmd.addAll(Arrays.asList(args));
        ProcessRunner.Outcome o = ProcessRunner.run(cmd, RepoPaths.root(),
                Map.of(TestServer.ENV_PASSWORD, password), stdin, timeout);
        if (o.exitCode() != 0) {
            throw new IllegalStateException("node " + script + " " + String.join(" ", args) + " failed (exit "
                    + o.exitCode() + ") against " + address + ": " + o.stderrText().strip());
        }
        return o.stdoutText();
    }

    private static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        for (String l : text.split("\n", -1)) {
            if (!l.isEmpty()) {
                out.add(l);
            }
        }
        return out;
    }
}
