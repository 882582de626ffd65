package io.rethinkmigrate.testsupport;

import io.rethinkmigrate.archive.ArchiveReader;
import io.rethinkmigrate.archive.meta.TableInfo;
import io.rethinkmigrate.archive.tar.ArchiveReaderOptions;
import io.rethinkmigrate.archive.tar.OfficialArchiveReader;
import io.rethinkmigrate.json.RawJson;
import io.rethinkmigrate.model.TableId;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Everything in an archive, read with our reader, for comparisons in tests (small archives only). */
public record ArchiveContents(Map<TableId, TableInfo> infos, Map<TableId, List<String>> documents) {

    public static ArchiveContents read(Path archive) throws IOException {
        Map<TableId, TableInfo> infos = new TreeMap<>();
        Map<TableId, List<String>> documents = new TreeMap<>();
        try (ArchiveReader reader = OfficialArchiveReader.open(archive, ArchiveReaderOptions.defaults())) {
            reader.read((entry, docs) -> {
                List<String> list = new ArrayList<>();
                RawJson doc;
                while ((doc = docs.next()) != null) {
                    list.add(doc.toString());
                }
                infos.put(entry.table(), entry.info());
                documents.put(entry.table(), list);
            });
        }
        return new ArchiveContents(infos, documents);
    }
}
