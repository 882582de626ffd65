package io.rethinkmigrate.engine.copy;

import com.fasterxml.jackson.databind.JsonNode;
import io.rethinkmigrate.archive.ArchiveReader;
import io.rethinkmigrate.archive.DocumentReader;
import io.rethinkmigrate.archive.TableVisitor;
import io.rethinkmigrate.archive.meta.ArchiveMetadata;
import io.rethinkmigrate.archive.meta.TableEntry;
import io.rethinkmigrate.archive.meta.TableInfo;
import io.rethinkmigrate.engine.Catalog;
import io.rethinkmigrate.engine.ConnectionFactory;
import io.rethinkmigrate.engine.Selection;
import io.rethinkmigrate.engine.dump.Dumper;
import io.rethinkmigrate.engine.read.DumpOptions;
import io.rethinkmigrate.engine.read.ServerMetadata;
import io.rethinkmigrate.engine.read.TableMetadata;
import io.rethinkmigrate.engine.read.TableReads;
import io.rethinkmigrate.engine.restore.Restorer;
import io.rethinkmigrate.engine.schedule.PerTable;
import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;
import io.rethinkmigrate.json.RawJson;
import io.rethinkmigrate.model.TableId;
import io.rethinkmigrate.wire.Connection;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A live cluster seen as an archive, so that `copy` runs the same {@link Restorer} as `restore`: the
 * catalog is the source's selected tables with the metadata a dump would store ({@link TableMetadata}),
 * and each table's documents stream from the source as the restorer reads them.
 *
 * <p>Each table is read as a dump reads it ({@link TableReads}: key ranges, {@link DumpOptions#clients()}
 * at once, each resuming after a lost connection) into a queue bounded by bytes; the restorer takes from
 * the queue. Memory is the queue plus what the range readers hold.
 *
 * <p>A {@link TableHook} sees each table just before its read starts; `copy --follow` opens the table's
 * change feed there ({@link ChangeFollower}). When the table's copy is complete is not this reader's to
 * say: the restorer is still waiting for the last acknowledgements after the last document was taken, and
 * it reports the table finished to its progress listener only once they, the indexes and the hook are in.
 */
public final class LiveSourceReader implements ArchiveReader {
    /** Bytes of documents waiting between the source reader and the restorer, per table. */
    public static final long DEFAULT_QUEUE_BYTES = 32L * 1024 * 1024;

    /** Called before each table's copy, on the restorer's thread. */
    @FunctionalInterface
    public interface TableHook {
        /** Before the table is read; returns the entry to hand to the restorer (possibly changed). */
        TableEntry beforeCopy(TableEntry entry) throws IOException;
    }

    /** No hook: a plain copy. */
    public static final TableHook NO_HOOK = entry -> entry;

    private final ConnectionFactory source;
    private final Selection selection;
    private final TableReads reads;
    private final long queueBytes;
    private final TableHook hook;
    private final List<String> warnings = new ArrayList<>();
    private List<TableEntry> catalog;
    private ArchiveMetadata metadata = ArchiveMetadata.none();

    /** {@code reading}: the selection, and how tables are read (clients, read mode, range sizes, retries). */
    public LiveSourceReader(ConnectionFactory source, DumpOptions reading, long queueBytes, TableHook hook) {
        this.source = source;
        this.selection = reading.selection();
        this.reads = new TableReads(source, reading);
        this.queueBytes = queueBytes;
        this.hook = hook == null ? NO_HOOK : hook;
    }

    /** The source's database configs (empty databases included), users, permissions and cluster settings. */
    @Override
    public synchronized ArchiveMetadata metadata() {
        catalog();
        return metadata;
    }

    /**
     * The selected tables of the source with their metadata, read once. A database or table named in the
     * selection that the source does not have is a usage error naming the source server.
     */
    @Override
    public synchronized Optional<List<TableEntry>> catalog() {
        if (catalog == null) {
            List<TableEntry> entries;
            try (Connection control = source.open()) {
                List<TableId> tables = Dumper.selectedTables(control, selection);
                List<TableId> all = Catalog.read(control).tables(Selection.all());
                warnings.addAll(selection.unmatched("-e/--export", "--exclude", all));
                // everything a dump keeps: table settings, database configs (empty databases too), users
                ServerMetadata server = new ServerMetadata(control);
                entries = readMetadata(control, server, tables);
                for (TableEntry entry : entries) {
                    entry.info().indexes().stream().filter(index -> !index.hasFunctionBlob() && index.query() == null)
                            .forEach(index -> warnings.add("index `" + index.name() + "` of " + entry.table()
                                    + ": the source gave no function for it, so it cannot be recreated"));
                }
                Map<String, JsonNode> databases = new LinkedHashMap<>();
                for (String db : Dumper.dumpedDatabases(selection, server.databases(), all, tables)) {
                    databases.put(db, server.databaseConfig(db));
                }
                metadata = ArchiveMetadata.of(databases, server.cluster());
                warnings.addAll(server.warnings());
            }
            catalog = List.copyOf(entries);
        }
        return Optional.of(catalog);
    }

    /** Each table's metadata as a dump reads it, a few tables at once over the control connection. */
    private List<TableEntry> readMetadata(Connection control, ServerMetadata server, List<TableId> tables) {
        try {
            return PerTable.run(tables, reads.options().clients(), table -> {
                TableInfo info = TableMetadata.read(control, table);
                return new TableEntry(table, info, TableMetadata.settings(info, server.tableConfig(table)));
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MigrateException(ErrorKind.INTERRUPTED, "interrupted while reading the source's tables", e);
        }
    }

    /** Patterns of the selection that matched no source table (known after {@link #catalog()}). */
    public synchronized List<String> warnings() {
        return List.copyOf(warnings);
    }

    @Override
    public void read(TableVisitor visitor) throws IOException {
        for (TableEntry entry : catalog().orElseThrow()) {
            TableEntry handed = hook.beforeCopy(entry);
            try (TableStream stream = new TableStream(entry.table(), entry.info())) {
                visitor.table(handed, stream);
            }
        }
    }

    @Override
    public void close() {
        // every connection is closed when its table is done
    }

    /** One table's documents: the range readers fill the queue, the restorer takes from it. */
    private final class TableStream implements DocumentReader, AutoCloseable {
        private final TableId table;
        private final BoundedQueue<RawJson> queue = new BoundedQueue<>(queueBytes);
        private final Thread producer;
        private long taken;

        TableStream(TableId table, TableInfo info) {
            this.table = table;
            this.producer = new Thread(() -> read(info), "copy-read-" + table);
            producer.setDaemon(true);
            producer.start();
        }

        private void read(TableInfo info) {
            try {
                reads.read(List.of(new TableReads.Table(table, info, doc -> {
                    try {
                        queue.put(doc, doc.length());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new BoundedQueue.Cancelled();
                    }
                })));
                queue.finish();
            } catch (BoundedQueue.Cancelled stopped) {
                // the restorer stopped reading this table
            } catch (InterruptedException e) {
                queue.fail(new MigrateException(ErrorKind.INTERRUPTED, "interrupted while reading " + table, e));
            } catch (MigrateException e) {
                queue.fail(e); // names the table (and the source's address when a connection was the problem)
            } catch (IOException | RuntimeException e) {
                queue.fail(new MigrateException(ErrorKind.INTERNAL, "reading " + table + ": " + e, e));
            }
        }

        @Override
        public RawJson next() throws IOException {
            try {
                RawJson doc = queue.take();
                if (doc != null) {
                    taken++;
                }
                return doc;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MigrateException(ErrorKind.INTERRUPTED, "interrupted while reading " + table, e);
            }
        }

        @Override
        public String position() {
            return "source table " + table + ", document " + (taken + 1);
        }

        @Override
        public void close() {
            queue.cancel();
            producer.interrupt(); // ends range reads still waiting for the server
            try {
                producer.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
