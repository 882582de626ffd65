package io.rethinkmigrate.engine.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rethinkmigrate.engine.Selection;
import io.rethinkmigrate.engine.read.KeyRange;
import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;
import io.rethinkmigrate.json.Json;
import io.rethinkmigrate.model.TableId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A plan of a dump in parts ({@code plan.json}): which key ranges of which table each of {@code parts}
 * parts reads, with the selection and read options every part must share. Parts are numbered from 0, as
 * a Kubernetes Indexed Job numbers its pods. The id ties the part archives of one plan together.
 *
 * @param id           random, one per plan
 * @param created      when the plan was made (ISO-8601 UTC)
 * @param source       the server it was made from
 * @param include      `-e` values of the plan
 * @param exclude      `--exclude` values of the plan
 * @param readOutdated every part reads with `--read-outdated`
 * @param tables       every planned table, its ranges each with the part that reads it
 */
public record PartPlan(String id, String created, String source, int parts, List<String> include,
                       List<String> exclude, boolean readOutdated, List<Table> tables) {
    public static final String FORMAT = "rethink-migrate-plan/1";

    /** One key range of a table, the documents it is estimated to hold, and the part that reads it. */
    public record Range(KeyRange range, long estimatedDocuments, int part) {
    }

    /** A table of the plan: its ranges, and how the ranges are read (from the range planner). */
    public record Table(TableId id, long estimatedDocuments, long firstPageLength, boolean wholeReads,
                        List<Range> ranges) {
        public Table {
            ranges = List.copyOf(ranges);
        }

        /** The ranges part {@code part} reads, in key order; empty when it reads none of this table. */
        public List<KeyRange> rangesOf(int part) {
            return ranges.stream().filter(r -> r.part() == part).map(Range::range).toList();
        }
    }

    public PartPlan {
        include = List.copyOf(include);
        exclude = List.copyOf(exclude);
        tables = List.copyOf(tables);
    }

    /** The tables every part dumps (as `-e` and `--exclude` pick them). */
    public Selection selection() {
        return Selection.parse("-e/--export", include).excluding("--exclude", exclude);
    }

    /** Estimated documents of one part. */
    public long estimatedDocuments(int part) {
        return tables.stream().flatMap(t -> t.ranges().stream()).filter(r -> r.part() == part)
                .mapToLong(Range::estimatedDocuments).sum();
    }

    /** The part number checked against the plan (a usage error naming the source of the number). */
    public int checkPart(int part, String from) {
        if (part < 0 || part >= parts) {
            throw new MigrateException(ErrorKind.USAGE, from + ": part " + part + " is not in the plan (parts 0 to "
                    + (parts - 1) + ")");
        }
        return part;
    }

    /** Writes the plan to {@code file} at once (a temp file renamed), refusing an existing file unless {@code overwrite}. */
    public void write(Path file, boolean overwrite) throws IOException {
        if (!overwrite && Files.exists(file)) {
            throw new MigrateException(ErrorKind.TARGET_EXISTS, file + " already exists (use --overwrite-file)");
        }
        Path temp = file.resolveSibling(file.getFileName() + ".partial");
        Files.writeString(temp, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(toJson()) + "\n",
                StandardCharsets.UTF_8);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Reads a plan file; anything that is not a plan is a usage error naming the file. */
    public static PartPlan read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new MigrateException(ErrorKind.USAGE, "--plan " + file + ": cannot read it (" + e.getMessage() + ")", e);
        }
        try {
            return fromJson(Json.parse(text));
        } catch (RuntimeException e) {
            throw new MigrateException(ErrorKind.USAGE, "--plan " + file + ": not a plan of rethink-migrate ("
                    + e.getMessage() + ")", e);
        }
    }

    public ObjectNode toJson() {
        ObjectNode o = Json.mapper().createObjectNode();
        o.put("format", FORMAT);
        o.put("plan_id", id);
        o.put("created", created);
        o.put("source", source);
        o.put("parts", parts);
        include.forEach(o.putArray("include")::add);
        exclude.forEach(o.putArray("exclude")::add);
        o.put("read_outdated", readOutdated);
        ArrayNode perPart = o.putArray("estimated_documents_per_part");
        for (int p = 0; p < parts; p++) {
            perPart.add(estimatedDocuments(p));
        }
        ArrayNode list = o.putArray("tables");
        for (Table t : tables) {
            ObjectNode table = list.addObject();
            table.put("db", t.id().db());
            table.put("table", t.id().table());
            table.put("estimated_documents", t.estimatedDocuments());
            table.put("first_page", t.firstPageLength());
            table.put("whole_reads", t.wholeReads());
            ArrayNode ranges = table.putArray("ranges");
            t.ranges().forEach(r -> ranges.add(rangeJson(r)));
        }
        return o;
    }

    private static ObjectNode rangeJson(Range r) {
        ObjectNode o = Json.mapper().createObjectNode();
        o.put("part", r.part());
        o.set("lower", r.range().lower() == null ? NullNode.getInstance() : r.range().lower());
        o.put("lower_open", r.range().lowerOpen());
        o.set("upper", r.range().upper() == null ? NullNode.getInstance() : r.range().upper());
        o.put("estimated_documents", r.estimatedDocuments());
        return o;
    }

    static PartPlan fromJson(JsonNode o) {
        if (!FORMAT.equals(o.path("format").asText())) {
            throw new IllegalArgumentException("format is not " + FORMAT);
        }
        int parts = o.path("parts").asInt(0);
        if (parts < 1 || !o.path("plan_id").isTextual() || !o.path("tables").isArray()) {
            throw new IllegalArgumentException("plan_id, parts or tables missing");
        }
        List<Table> tables = new ArrayList<>();
        for (JsonNode t : o.get("tables")) {
            List<Range> ranges = new ArrayList<>();
            for (JsonNode r : t.path("ranges")) {
                int part = r.path("part").asInt(-1);
                if (part < 0 || part >= parts) {
                    throw new IllegalArgumentException("a range of " + t.path("db").asText() + "." + t.path("table").asText()
                            + " has part " + r.path("part") + ", not 0 to " + (parts - 1));
                }
                ranges.add(new Range(new KeyRange(key(r.get("lower")), r.path("lower_open").asBoolean(),
                        key(r.get("upper"))), r.path("estimated_documents").asLong(), part));
            }
            tables.add(new Table(new TableId(t.path("db").asText(), t.path("table").asText()),
                    t.path("estimated_documents").asLong(), t.path("first_page").asLong(1),
                    t.path("whole_reads").asBoolean(), ranges));
        }
        return new PartPlan(o.get("plan_id").asText(), o.path("created").asText(), o.path("source").asText(), parts,
                strings(o.get("include")), strings(o.get("exclude")), o.path("read_outdated").asBoolean(), tables);
    }

    private static JsonNode key(JsonNode n) {
        return n == null || n.isNull() ? null : n;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array != null) {
            array.forEach(n -> out.add(n.asText()));
        }
        return out;
    }
}
