package io.rethinkmigrate.archive.export;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.rethinkmigrate.archive.BadDataException;
import io.rethinkmigrate.archive.DocumentReader;
import io.rethinkmigrate.archive.json.JsonCopy;
import io.rethinkmigrate.json.Json;
import io.rethinkmigrate.json.RawJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;

/**
 * The documents of one import file: the rows of its format, checked against the size and nesting
 * limits, cut to `--fields`. A bad row (a CSV row that does not fit its header or types, a document over
 * a limit) is skipped with a warning naming file and line while `--max-errors` allows; one more fails
 * the table with {@link BadDataException}.
 */
final class ImportDocuments implements DocumentReader {

    /** The rows of one format; a row that cannot become a document throws {@link BadRow}. */
    interface Rows {
        RawJson next() throws IOException, BadRow;

        /** Where the last row returned (or refused) was: "file line N". */
        String position();
    }

    /** One row that cannot become a document; reading can go on with the next. */
    static final class BadRow extends Exception {
        BadRow(String message) {
            super(message, null, false, false);
        }
    }

    private final Rows rows;
    private final ImportSettings settings;
    private long errors;

    ImportDocuments(Rows rows, ImportSettings settings) {
        this.rows = rows;
        this.settings = settings;
    }

    @Override
    public RawJson next() throws IOException {
        while (true) {
            String problem;
            try {
                RawJson doc = rows.next();
                if (doc == null) {
                    return null;
                }
                problem = check(doc);
                if (problem == null) {
                    return settings.fields() == null ? doc : keepFields(doc, settings.fields());
                }
            } catch (BadRow bad) {
                problem = bad.getMessage();
            }
            String message = rows.position() + ": " + problem;
            errors++;
            if (errors > settings.maxErrors()) {
                throw new BadDataException(message + (settings.maxErrors() == 0 ? ""
                        : " (more than --max-errors " + settings.maxErrors() + " bad rows)"));
            }
            settings.warnings().accept("skipped bad row: " + message);
        }
    }

    @Override
    public String position() {
        return rows.position();
    }

    private String check(RawJson doc) {
        if (doc.length() > settings.maxDocumentSize()) {
            return "document of " + doc.length() + " bytes is over --max-document-size " + settings.maxDocumentSize();
        }
        int depth = depth(doc);
        if (depth > settings.maxNestingDepth()) {
            return "document nested " + depth + " deep is over --max-nesting-depth " + settings.maxNestingDepth();
        }
        return null;
    }

    /** Nesting depth of compact JSON: a flat object is 1. */
    static int depth(RawJson doc) {
        byte[] b = doc.buffer();
        int depth = 0;
        int max = 0;
        boolean inString = false;
        for (int i = doc.offset(), end = doc.offset() + doc.length(); i < end; i++) {
            byte c = b[i];
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                max = Math.max(max, ++depth);
            } else if (c == '}' || c == ']') {
                depth--;
            }
        }
        return max;
    }

    static RawJson keepFields(RawJson doc, List<String> fields) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(doc.length());
        try (JsonParser p = Json.factory().createParser(doc.buffer(), doc.offset(), doc.length());
             JsonGenerator g = JsonCopy.compactGenerator(out)) {
            p.nextToken();
            g.writeStartObject();
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if (fields.contains(name)) {
                    g.writeFieldName(name);
                    JsonCopy.copyValue(p, g, true);
                } else {
                    p.skipChildren();
                }
            }
            g.writeEndObject();
        }
        return RawJson.of(out.toByteArray());
    }
}
