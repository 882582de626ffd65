package io.rethinkmigrate.engine.plan;

import io.rethinkmigrate.archive.ArchiveReader;
import io.rethinkmigrate.archive.DocumentReader;
import io.rethinkmigrate.archive.TableVisitor;
import io.rethinkmigrate.archive.meta.ArchiveMetadata;
import io.rethinkmigrate.archive.meta.TableEntry;
import io.rethinkmigrate.json.RawJson;
import io.rethinkmigrate.model.TableId;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tables of a set of part archives with their metadata and no documents: what the restorer is given
 * to create the tables once before the parts' data, and to set indexes, hooks and settings once after it.
 * Metadata (databases, users, cluster settings) is the first part's: every part of a plan has all of it.
 */
final class TablesWithoutData implements ArchiveReader {
    private static final DocumentReader NO_DOCUMENTS = new DocumentReader() {
        @Override
        public RawJson next() {
            return null;
        }

        @Override
        public String position() {
            return "(metadata only)";
        }
    };

    private final List<ArchiveReader> parts;

    TablesWithoutData(List<ArchiveReader> parts) {
        this.parts = List.copyOf(parts);
    }

    @Override
    public Optional<List<TableEntry>> catalog() throws IOException {
        Map<TableId, TableEntry> tables = new LinkedHashMap<>();
        for (ArchiveReader part : parts) {
            for (TableEntry entry : part.catalog().orElseThrow()) {
                tables.putIfAbsent(entry.table(), entry);
            }
        }
        return Optional.of(new ArrayList<>(tables.values()));
    }

    @Override
    public void read(TableVisitor visitor) throws IOException {
        for (TableEntry entry : catalog().orElseThrow()) {
            visitor.table(entry, NO_DOCUMENTS);
        }
    }

    @Override
    public ArchiveMetadata metadata() {
        return parts.get(0).metadata();
    }

    @Override
    public void close() {
        // the parts are closed by their owner
    }
}
