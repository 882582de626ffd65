package io.rethinkmigrate.engine.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.rethinkmigrate.archive.ArchiveReader;
import io.rethinkmigrate.archive.ArchiveWriter;
import io.rethinkmigrate.archive.TableWriter;
import io.rethinkmigrate.archive.meta.TableInfo;
import io.rethinkmigrate.archive.tar.ArchiveReaderOptions;
import io.rethinkmigrate.archive.tar.ArchiveWriterOptions;
import io.rethinkmigrate.archive.tar.OfficialArchiveReader;
import io.rethinkmigrate.archive.tar.OfficialArchiveWriter;
import io.rethinkmigrate.engine.Selection;
import io.rethinkmigrate.json.Json;
import io.rethinkmigrate.json.RawJson;
import io.rethinkmigrate.testsupport.Fixtures;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real server's archive (the official fixture: hard documents, index blobs with MIME line breaks, a
 * write hook) against copies of it rewritten by our writer, with every document re-spelled (keys in
 * reverse order, compact) and some metadata changed: what is the same matches, what changed is named.
 */
class OfficialFixtureVerifyTest {
    @TempDir
    Path dir;

    private interface InfoEdit {
        TableInfo edit(String table, TableInfo info);
    }

    private Path rewrite(String name, String onlyDb, InfoEdit edit, UnaryOperator<String> docEdit) throws Exception {
        Path out = dir.resolve(name);
        ArchiveReader reader = OfficialArchiveReader.open(Fixtures.officialDump(), ArchiveReaderOptions.defaults());
        try (ArchiveWriter writer = OfficialArchiveWriter.toFile(out, "copy", ArchiveWriterOptions.defaults().withTempDir(dir))) {
            reader.read((entry, docs) -> {
                if (onlyDb != null && !entry.table().db().equals(onlyDb)) {
                    return;
                }
                try (TableWriter t = writer.openTable(entry.table(), edit.edit(entry.table().toString(), entry.info()))) {
                    RawJson d;
                    while ((d = docs.next()) != null) {
                        String edited = docEdit.apply(reversedKeys(d.toString()));
                        if (edited != null) {
                            t.write(RawJson.of(edited));
                        }
                    }
                    t.finish();
                }
            });
            writer.commit();
        }
        return out;
    }

    /**
     * The same document with its top-level keys in reverse order, cut at the text level (a tree would
     * lose -0.0): splits the compact object at the commas of depth 1 outside strings.
     */
    static String reversedKeys(String json) {
        List<String> fields = new java.util.ArrayList<>();
        int depth = 0;
        boolean inString = false;
        int start = 1;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                depth--;
                if (depth == 0 && i > start) {
                    fields.add(json.substring(start, i));
                }
            } else if (c == ',' && depth == 1) {
                fields.add(json.substring(start, i));
                start = i + 1;
            }
        }
        java.util.Collections.reverse(fields);
        return "{" + String.join(",", fields) + "}";
    }

    private static VerifyReport verify(Path source, Path target, Selection selection) throws Exception {
        return new Verifier(side(source), side(target), selection, 10, Verifier.DEFAULT_KEY_BUDGET, false).run();
    }

    private static VerifySide side(Path file) {
        return new ArchiveVerifySide(OfficialArchiveReader.open(file, ArchiveReaderOptions.defaults()), file, file.getFileName().toString());
    }

    @Test
    void aRespelledCopyMatchesAndAChangedHookIndexAndDocumentAreNamed() throws Exception {
        Path same = rewrite("same.tar.gz", null, (t, info) -> info, d -> d);
        VerifyReport equal = verify(Fixtures.officialDump(), same, Selection.all());
        assertTrue(equal.allMatch(), equal.summary());
        assertEquals(5, equal.tables().size());
        assertEquals(3000, equal.tables().stream().filter(t -> t.table().toString().equals("shop.orders"))
                .findFirst().orElseThrow().sourceDocuments());

        Path changed = rewrite("changed.tar.gz", "shop", (t, info) -> {
            ObjectNode raw = info.raw().deepCopy();
            if (t.equals("shop.customers")) {
                ObjectNode hook = (ObjectNode) raw.get("write_hook");
                hook.set("query", TextNode.valueOf("setWriteHook(function(a, b, c) { return c; })"));
                hook.set("function", Json.parse("{\"$reql_type$\": \"BINARY\", \"data\": \"AAAA\"}"));
                ((com.fasterxml.jackson.databind.node.ArrayNode) raw.get("indexes")).remove(1); // email
            }
            return new TableInfo(raw);
        }, d -> d.replace("\"order_no\":100000,", "\"order_no\":100000,\"x\":1,"));
        VerifyReport report = verify(Fixtures.officialDump(), changed, Selection.parse("-e", List.of("shop")));
        List<TableVerdict> differing = report.differing();
        assertEquals(List.of("shop.customers", "shop.orders"), differing.stream().map(t -> t.table().toString()).toList(),
                report.summary());
        List<String> customers = differing.get(0).problems();
        assertTrue(customers.contains("index `email` missing on target"), customers.toString());
        assertTrue(customers.stream().anyMatch(p -> p.startsWith("write hook differs (source setWriteHook(function(var5")),
                customers.toString());
        assertEquals(List.of(new KeyDifference(KeyDifference.Kind.CHANGED, "100000")), differing.get(1).keys());
    }
}
