package io.rethinkmigrate.engine.verify;

import com.fasterxml.jackson.databind.JsonNode;
import io.rethinkmigrate.archive.ArchiveReader;
import io.rethinkmigrate.archive.DocumentReader;
import io.rethinkmigrate.archive.meta.TableEntry;
import io.rethinkmigrate.archive.tar.ArchiveListing;
import io.rethinkmigrate.engine.Selection;
import io.rethinkmigrate.json.RawJson;
import io.rethinkmigrate.model.TableId;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * An archive as a verify side, read through {@link ArchiveReader} (whatever its format). A file is read
 * again for key passes and once more for its `.config` members (settings); a stream is read once, so its
 * settings are not compared and its keys cannot be listed.
 *
 * @param file the archive file, for the `.config` pass and for rereading; null for a stream
 */
public record ArchiveVerifySide(ArchiveReader reader, Path file, String describe) implements VerifySide {
    @Override
    public boolean rereadable() {
        return file != null;
    }

    @Override
    public Map<TableId, SideTable> read(Selection selection) throws IOException {
        Map<TableId, JsonNode> settings = new HashMap<>();
        if (file != null) {
            for (ArchiveListing.Table t : ArchiveListing.read(file, false).tables()) {
                JsonNode s = ArchiveListing.settings(t);
                if (s != null) {
                    settings.put(t.table(), s);
                }
            }
        }
        Map<TableId, SideTable> out = new TreeMap<>();
        reader.read((TableEntry entry, DocumentReader docs) -> {
            if (!selection.includes(entry.table())) {
                return;
            }
            String pk = entry.info().primaryKey();
            TableDigest digest = new TableDigest();
            RawJson doc;
            while ((doc = docs.next()) != null) {
                digest.add(CanonicalJson.of(doc, pk));
            }
            out.put(entry.table(), new SideTable(entry.table(), entry.info(), settings.get(entry.table()), digest));
        });
        return out;
    }

    @Override
    public Map<TableId, Map<String, Long>> keys(Map<TableId, KeyFilter> filters) throws IOException {
        if (file == null) {
            throw new IllegalStateException(describe + " can be read only once");
        }
        Map<TableId, Map<String, Long>> out = new HashMap<>();
        reader.read((entry, docs) -> {
            KeyFilter filter = filters.get(entry.table());
            if (filter == null) {
                return;
            }
            Map<String, Long> keys = new HashMap<>();
            RawJson doc;
            while ((doc = docs.next()) != null) {
                CanonicalJson.Document d = CanonicalJson.of(doc, filter.primaryKey());
                if (filter.takes(d.primaryKey())) {
                    keys.put(d.primaryKeyText(), DocumentHash.hash64(d.canonical()));
                }
            }
            out.put(entry.table(), keys);
        });
        return out;
    }
}
