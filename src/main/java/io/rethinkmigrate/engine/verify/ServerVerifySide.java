package io.rethinkmigrate.engine.verify;

import com.fasterxml.jackson.databind.JsonNode;
import io.rethinkmigrate.archive.TableInfo;
import io.rethinkmigrate.engine.ConnectionFactory;
import io.rethinkmigrate.engine.Selection;
import io.rethinkmigrate.engine.VerifyServerReader;
import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;
import io.rethinkmigrate.model.TableId;
import io.rethinkmigrate.wire.Connection;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A live cluster as a verify side: tables read {@code clients} at a time, each on its own connection,
 * with the same paged primary-key scan as a dump.
 */
public final class ServerVerifySide implements VerifySide {
    private final ConnectionFactory connections;
    private final String describe;
    private final int clients;
    private final boolean readOutdated;

    public ServerVerifySide(ConnectionFactory connections, String describe, int clients, boolean readOutdated) {
        this.connections = connections;
        this.describe = describe;
        this.clients = Math.max(1, clients);
        this.readOutdated = readOutdated;
    }

    @Override
    public String describe() {
        return describe;
    }

    @Override
    public boolean rereadable() {
        return true;
    }

    @Override
    public Map<TableId, SideTable> read(Selection selection) throws IOException, InterruptedException {
        List<TableId> tables;
        try (Connection control = connections.open()) {
            tables = VerifyServerReader.tables(control, selection);
        }
        Map<TableId, SideTable> out = new TreeMap<>();
        for (SideTable t : inParallel(tables, this::readTable)) {
            out.put(t.table(), t);
        }
        return out;
    }

    private SideTable readTable(TableId table) throws IOException {
        try (Connection connection = connections.open()) {
            TableInfo info = VerifyServerReader.metadata(connection, table);
            JsonNode settings = VerifyServerReader.config(connection, table);
            TableDigest digest = new TableDigest();
            String pk = info.primaryKey();
            VerifyServerReader.scan(connection, table, pk, readOutdated, doc -> digest.add(CanonicalJson.of(doc, pk)));
            return new SideTable(table, info, settings, digest);
        }
    }

    @Override
    public Map<TableId, Map<String, Long>> keys(Map<TableId, KeyFilter> filters) throws IOException, InterruptedException {
        List<TableId> tables = new ArrayList<>(filters.keySet());
        List<Map<String, Long>> found = inParallel(tables, table -> {
            KeyFilter filter = filters.get(table);
            Map<String, Long> keys = new HashMap<>();
            try (Connection connection = connections.open()) {
                VerifyServerReader.scan(connection, table, filter.primaryKey(), readOutdated, doc -> {
                    CanonicalJson.Document d = CanonicalJson.of(doc, filter.primaryKey());
                    if (filter.takes(d.primaryKey())) {
                        keys.put(d.primaryKeyText(), DocumentHash.hash64(d.canonical()));
                    }
                });
            }
            return keys;
        });
        Map<TableId, Map<String, Long>> out = new HashMap<>();
        for (int i = 0; i < tables.size(); i++) {
            out.put(tables.get(i), found.get(i));
        }
        return out;
    }

    private interface TableJob<T> {
        T run(TableId table) throws IOException;
    }

    /** Runs the job for every table, {@code clients} at a time; the first failure is thrown as it was. */
    private <T> List<T> inParallel(List<TableId> tables, TableJob<T> job) throws IOException, InterruptedException {
        if (tables.isEmpty()) {
            return List.of();
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(clients, tables.size()), r -> {
            Thread t = new Thread(r, "verify-" + describe);
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (TableId table : tables) {
                futures.add(pool.submit(() -> {
                    try {
                        return job.run(table);
                    } catch (MigrateException e) {
                        throw new MigrateException(e.kind(), describe + ": table " + table + ": " + e.getMessage(), e);
                    }
                }));
            }
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new MigrateException(ErrorKind.INTERNAL, describe + ": " + cause, cause);
        } finally {
            pool.shutdownNow();
        }
    }

}
