package io.rethinkmigrate.archive.export;

import com.fasterxml.jackson.core.JsonGenerator;
import io.rethinkmigrate.archive.BadDataException;
import io.rethinkmigrate.archive.json.JsonCopy;
import io.rethinkmigrate.json.RawJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows of a CSV file as documents: the header (or `--custom-header`) names the fields, a dotted
 * name ({@code address.city}) builds a nested object, an empty cell is no field (as the official
 * importer does), and {@link CsvTypes} turns each cell into a value.
 */
final class CsvRows implements ImportDocuments.Rows {
    private final CsvRecordReader csv;
    private final String label;
    private final CsvTypes types;
    private List<String> columns;
    private List<String[]> paths;
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream(4096);

    CsvRows(Reader in, String label, ImportSettings settings) throws IOException {
        this.csv = new CsvRecordReader(in, settings.delimiter());
        this.label = label;
        this.types = settings.types();
        List<String> header = null;
        if (!settings.noHeader()) {
            header = readRecord();
            if (header == null) {
                throw new BadDataException(label + ": empty CSV file (no header row)");
            }
            if (!header.isEmpty() && header.get(0).startsWith("\uFEFF")) {
                header.set(0, header.get(0).substring(1));
            }
        }
        if (settings.customHeader() != null) {
            if (header != null) {
                settings.warnings().accept("Ignoring header row on " + label + ": " + header);
            }
            header = settings.customHeader();
        }
        setColumns(header);
    }

    private void setColumns(List<String> header) {
        columns = List.copyOf(header);
        paths = new ArrayList<>();
        Map<String, Boolean> leaves = new LinkedHashMap<>(); // path -> is a leaf
        for (String column : columns) {
            if (column.isEmpty()) {
                throw new BadDataException(label + ": the header has an empty field name");
            }
            String[] path = column.split("\\.", -1);
            for (String part : path) {
                if (part.isEmpty()) {
                    throw new BadDataException(label + ": header field `" + column + "` has an empty part");
                }
            }
            StringBuilder prefix = new StringBuilder();
            for (int i = 0; i < path.length; i++) {
                if (i > 0) {
                    prefix.append('.');
                }
                prefix.append(path[i]);
                boolean leaf = i == path.length - 1;
                Boolean before = leaves.putIfAbsent(prefix.toString(), leaf);
                if (before != null && (before || leaf)) {
                    throw new BadDataException(label + ": header field `" + column + "` clashes with another field "
                            + "(a name twice, or both a value and an object)");
                }
            }
            paths.add(path);
        }
        for (String named : types.namedColumns()) {
            if (!columns.contains(named)) {
                throw new BadDataException(label + ": --types names `" + named + "`, which is not a column ("
                        + String.join(",", columns) + ")");
            }
        }
    }

    private List<String> readRecord() throws IOException {
        try {
            return csv.next();
        } catch (CsvRecordReader.CsvFormatException e) {
            throw new BadDataException(label + " " + e.getMessage());
        }
    }

    @Override
    public RawJson next() throws IOException, ImportDocuments.BadRow {
        List<String> row = readRecord();
        if (row == null) {
            return null;
        }
        if (row.size() != columns.size()) {
            throw new ImportDocuments.BadRow("has " + row.size() + " columns, the header has " + columns.size());
        }
        // group the cells into a tree, in header order
        Map<String, Object> root = new LinkedHashMap<>();
        for (int i = 0; i < row.size(); i++) {
            String cell = row.get(i);
            if (cell.isEmpty()) {
                continue;
            }
            String[] path = paths.get(i);
            Map<String, Object> node = root;
            for (int k = 0; k < path.length - 1; k++) {
                @SuppressWarnings("unchecked")
                Map<String, Object> child = (Map<String, Object>) node.computeIfAbsent(path[k], x -> new LinkedHashMap<>());
                node = child;
            }
            node.put(path[path.length - 1], i);
        }
        buf.reset();
        try (JsonGenerator g = JsonCopy.compactGenerator(buf)) {
            write(root, row, g);
        } catch (IllegalArgumentException e) {
            throw new ImportDocuments.BadRow(e.getMessage());
        }
        return RawJson.of(buf.toByteArray());
    }

    private void write(Map<String, Object> node, List<String> row, JsonGenerator g) throws IOException {
        g.writeStartObject();
        for (Map.Entry<String, Object> e : node.entrySet()) {
            g.writeFieldName(e.getKey());
            if (e.getValue() instanceof Integer column) {
                try {
                    types.write(columns.get(column), row.get(column), g);
                } catch (IllegalArgumentException ex) {
                    throw new IllegalArgumentException("field `" + columns.get(column) + "`: " + ex.getMessage());
                }
            } else {
                @SuppressWarnings("unchecked")
                Map<String, Object> child = (Map<String, Object>) e.getValue();
                write(child, row, g);
            }
        }
        g.writeEndObject();
    }

    @Override
    public String position() {
        return label + " line " + csv.recordLine();
    }
}
