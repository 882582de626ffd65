package io.rethinkmigrate.engine.reql;

import com.fasterxml.jackson.databind.JsonNode;
import io.rethinkmigrate.archive.ArchiveReader;
import io.rethinkmigrate.archive.meta.IndexSpec;
import io.rethinkmigrate.archive.tar.ArchiveReaderOptions;
import io.rethinkmigrate.archive.tar.OfficialArchiveReader;
import io.rethinkmigrate.testsupport.Fixtures;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/** Every index query text of the real-server fixtures: the official archive's .info members and the recorded index_status answers. */
final class FixtureIndexQueries {
    private FixtureIndexQueries() {
    }

    /** Index name (qualified by table) to its query text. */
    static Map<String, IndexSpec> all() throws IOException {
        Map<String, IndexSpec> out = new TreeMap<>();
        try (ArchiveReader reader = OfficialArchiveReader.open(Fixtures.officialDump(), ArchiveReaderOptions.defaults())) {
            reader.read((entry, docs) -> {
                while (docs.next() != null) {
                    // the documents are not needed; read past them
                }
                for (IndexSpec index : entry.info().indexes()) {
                    out.put("archive " + entry.table() + "." + index.name(), index);
                }
            });
        }
        for (JsonNode recorded : Fixtures.recordedAnswers()) {
            for (JsonNode frame : recorded.path("frames")) {
                for (JsonNode result : frame.path("r")) {
                    for (JsonNode status : result) {
                        if (status.path("query").isTextual() && status.path("index").isTextual()) {
                            out.put("recorded " + recorded.path("name").asText() + " " + status.path("index").asText(),
                                    new IndexSpec(status.path("index").asText(), status.get("function"),
                                            status.path("multi").asBoolean(), status.path("geo").asBoolean(),
                                            status.path("query").asText()));
                        }
                    }
                }
            }
        }
        return out;
    }
}
