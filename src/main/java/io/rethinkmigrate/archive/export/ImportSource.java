package io.rethinkmigrate.archive.export;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rethinkmigrate.archive.ArchiveException;
import io.rethinkmigrate.archive.BadDataException;
import io.rethinkmigrate.archive.TableVisitor;
import io.rethinkmigrate.archive.json.MemberDocuments;
import io.rethinkmigrate.archive.meta.TableEntry;
import io.rethinkmigrate.archive.meta.TableInfo;
import io.rethinkmigrate.json.Json;
import io.rethinkmigrate.json.RawJson;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Opens one import file (or stream) of a given format as the documents of a table. */
final class ImportSource {
    private static final int IO_BUFFER = 64 * 1024;

    private ImportSource() {
    }

    /** The metadata of a table that has no `.info`: only the primary key (`--pkey`, else `id`). */
    static TableInfo defaultInfo(ImportSettings settings) {
        ObjectNode info = Json.mapper().createObjectNode();
        info.put("primary_key", settings.primaryKey() == null ? "id" : settings.primaryKey());
        return new TableInfo(info);
    }

    /** Delivers the documents of {@code in} (not closed here) to the visitor. */
    static void deliver(TableVisitor visitor, TableEntry entry, InputStream in, String label, ImportFormat format,
                        ImportSettings settings) throws IOException {
        InputStream buffered = new BufferedInputStream(in, IO_BUFFER);
        if (format == ImportFormat.CSV) {
            Reader reader = new InputStreamReader(buffered, StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
            visitor.table(entry, new ImportDocuments(new CsvRows(reader, label, settings), settings));
            return;
        }
        MemberDocuments json = new MemberDocuments(buffered, label,
                e -> new ArchiveException(label + ": read failed: " + MemberDocuments.oneLine(e.getMessage()), e));
        try {
            visitor.table(entry, new ImportDocuments(new JsonRows(json), settings));
        } finally {
            json.close();
        }
    }

    /** JSON documents; invalid JSON cannot be read past, so it fails the table (not the run). */
    private record JsonRows(MemberDocuments json) implements ImportDocuments.Rows {
        @Override
        public RawJson next() throws IOException {
            try {
                return json.next();
            } catch (BadDataException e) {
                throw e;
            } catch (MemberDocuments.EmptyMember e) {
                return null; // an empty file is an empty table
            } catch (ArchiveException e) {
                throw new BadDataException(e.getMessage());
            }
        }

        @Override
        public String position() {
            return json.position();
        }
    }
}
