package io.rethinkmigrate.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.rethinkmigrate.json.Json;
import io.rethinkmigrate.json.RawJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable ReQL term, serialized as the protocol's JSON ({@code [type,[args],{optargs}]}). Three
 * shapes: a compound term, a datum (a JSON value; its arrays become MAKE_ARRAY terms when written,
 * because the server reads every JSON array in a query as a term), and a JSON term carrying raw UTF-8
 * text that the server parses itself (fast path of restore).
 */
public final class Term {
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private final int type;                 // 0 for datum and raw json shapes
    private final List<Term> args;
    private final Map<String, Term> optargs;
    private final JsonNode datum;           // datum shape
    private final RawJson jsonText;         // JSON term shape

    private Term(int type, List<Term> args, Map<String, Term> optargs, JsonNode datum, RawJson jsonText) {
        this.type = type;
        this.args = args;
        this.optargs = optargs;
        this.datum = datum;
        this.jsonText = jsonText;
    }

    // ---------------------------------------------------------------- factories

    /** Generic compound term; optargs keep their order. */
    public static Term of(int termType, List<Term> args, Map<String, Term> optargs) {
        if (termType <= 0) {
            throw new IllegalArgumentException("bad term type " + termType);
        }
        List<Term> a = args == null ? List.of() : List.copyOf(args);
        Map<String, Term> o = optargs == null || optargs.isEmpty() ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(optargs));
        return new Term(termType, a, o, null, null);
    }

    private static Term of(int termType, Term... args) {
        return new Term(termType, List.of(args), Map.of(), null, null);
    }

    private static Term withOptargs(int termType, Map<String, ?> optargs, Term... args) {
        return of(termType, List.of(args), toTerms(optargs));
    }

    /** A JSON value as a term: arrays at any depth are sent as MAKE_ARRAY, objects' values likewise. */
    public static Term datum(JsonNode value) {
        return new Term(0, List.of(), Map.of(), value == null ? NODES.nullNode() : value, null);
    }

    /** A Java value (String, Number, Boolean, JsonNode, Term or null) as a term. */
    public static Term value(Object value) {
        if (value instanceof Term t) {
            return t;
        }
        return datum(toNode(value));
    }

    /**
     * {@code r.json(text)}: the server parses the UTF-8 JSON text itself (and turns {@code $reql_type$}
     * objects into real TIME/BINARY/GEOMETRY). The text is escaped byte by byte when written.
     */
    public static Term json(RawJson utf8JsonText) {
        return new Term(TermType.JSON, List.of(), Map.of(), null, Objects.requireNonNull(utf8JsonText));
    }

    public static Term db(String name) {
        return of(TermType.DB, value(name));
    }

    public static Term dbList() {
        return of(TermType.DB_LIST);
    }

    public static Term dbCreate(String name) {
        return of(TermType.DB_CREATE, value(name));
    }

    public static Term dbDrop(String name) {
        return of(TermType.DB_DROP, value(name));
    }

    public static Term minval() {
        return of(TermType.MINVAL);
    }

    public static Term maxval() {
        return of(TermType.MAXVAL);
    }

    // ---------------------------------------------------------------- databases

    public Term table(String name) {
        return of(TermType.TABLE, this, value(name));
    }

    public Term tableList() {
        return of(TermType.TABLE_LIST, this);
    }

    public Term tableCreate(String name) {
        return of(TermType.TABLE_CREATE, this, value(name));
    }

    /** Optargs: primary_key, shards, replicas, durability... */
    public Term tableCreate(String name, Map<String, ?> optargs) {
        return withOptargs(TermType.TABLE_CREATE, optargs, this, value(name));
    }

    public Term tableCreate(String name, JsonNode optargs) {
        return withOptargs(TermType.TABLE_CREATE, fields(optargs), this, value(name));
    }

    public Term tableDrop(String name) {
        return of(TermType.TABLE_DROP, this, value(name));
    }

    // ---------------------------------------------------------------- tables

    public Term info() {
        return of(TermType.INFO, this);
    }

    public Term config() {
        return of(TermType.CONFIG, this);
    }

    public Term status() {
        return of(TermType.STATUS, this);
    }

    /** {@code wait()} on a table, without timeout. */
    public Term waitReady() {
        return of(TermType.WAIT, this);
    }

    /** {@code wait(timeout=seconds)}. */
    public Term waitReady(Number timeoutSeconds) {
        return withOptargs(TermType.WAIT, Map.of("timeout", timeoutSeconds), this);
    }

    public Term indexStatus(String... names) {
        return of(TermType.INDEX_STATUS, prepend(this, names));
    }

    public Term indexWait(String... names) {
        return of(TermType.INDEX_WAIT, prepend(this, names));
    }

    /** An index on the field of the same name. */
    public Term indexCreate(String name) {
        return of(TermType.INDEX_CREATE, this, value(name));
    }

    public Term indexCreate(String name, Term function) {
        return of(TermType.INDEX_CREATE, this, value(name), function);
    }

    /** Optargs: multi, geo. */
    public Term indexCreate(String name, Term function, Map<String, ?> optargs) {
        return withOptargs(TermType.INDEX_CREATE, optargs, this, value(name), function);
    }

    public Term indexDrop(String name) {
        return of(TermType.INDEX_DROP, this, value(name));
    }

    public Term indexList() {
        return of(TermType.INDEX_LIST, this);
    }

    public Term getWriteHook() {
        return of(TermType.GET_WRITE_HOOK, this);
    }

    public Term setWriteHook(Term function) {
        return of(TermType.SET_WRITE_HOOK, this, function);
    }

    public Term insert(Term documents) {
        return of(TermType.INSERT, this, documents);
    }

    /** Optargs: conflict, durability, return_changes... */
    public Term insert(Term documents, Map<String, ?> optargs) {
        return withOptargs(TermType.INSERT, optargs, this, documents);
    }

    public Term delete() {
        return of(TermType.DELETE, this);
    }

    public Term delete(Map<String, ?> optargs) {
        return withOptargs(TermType.DELETE, optargs, this);
    }

    // ---------------------------------------------------------------- selections and values

    public Term between(Term lower, Term upper) {
        return of(TermType.BETWEEN, this, lower, upper);
    }

    /** Optargs: index, left_bound, right_bound ("open"/"closed"). */
    public Term between(Term lower, Term upper, Map<String, ?> optargs) {
        return withOptargs(TermType.BETWEEN, optargs, this, lower, upper);
    }

    /** {@code orderBy(index=...)}: the streaming ordered read of a table. */
    public Term orderBy(String index) {
        return withOptargs(TermType.ORDER_BY, Map.of("index", index), this);
    }

    public Term limit(long n) {
        return of(TermType.LIMIT, this, value(n));
    }

    public Term count() {
        return of(TermType.COUNT, this);
    }

    public Term nth(long n) {
        return of(TermType.NTH, this, value(n));
    }

    public Term getField(String field) {
        return of(TermType.GET_FIELD, this, value(field));
    }

    public Term bracket(String field) {
        return of(TermType.BRACKET, this, value(field));
    }

    // ---------------------------------------------------------------- accessors

    /** The term type, 0 for a datum. */
    public int type() {
        return type;
    }

    public List<Term> args() {
        return args;
    }

    public Map<String, Term> optargs() {
        return optargs;
    }

    /**
     * The serialized size in bytes, an estimate to size the query buffer: a JSON term counts one byte in
     * four as escaped (documents' quotes) without reading it (the buffer grows if that is short); the
     * real size is checked while the query is written.
     */
    public long serializedSizeEstimate() {
        if (jsonText != null) {
            return 9 + jsonText.length() + jsonText.length() / 4;  // [98,["...."]]
        }
        if (datum != null) {
            return estimate(datum);
        }
        long size = 8;
        for (Term arg : args) {
            size += arg.serializedSizeEstimate() + 1;
        }
        for (Map.Entry<String, Term> e : optargs.entrySet()) {
            size += e.getKey().length() + 4 + e.getValue().serializedSizeEstimate();
        }
        return size;
    }

    private static long estimate(JsonNode node) {
        if (node.isArray()) {
            long size = 8;
            for (JsonNode child : node) {
                size += estimate(child) + 1;
            }
            return size;
        }
        if (node.isObject()) {
            long size = 2;
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                size += e.getKey().length() + 4 + estimate(e.getValue());
            }
            return size;
        }
        if (node.isTextual()) {
            return node.textValue().length() + 2L;
        }
        return node.isNumber() ? 24 : 5;
    }

    /** The protocol JSON of this term, for logs and tests. */
    public String toJson() {
        FrameBuffer out = new FrameBuffer(0, Long.MAX_VALUE, 256);
        try (JsonGenerator gen = Json.factory().createGenerator(out)) {
            write(gen, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new String(out.array(), 0, out.frameLength(), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return toJson();
    }

    // ---------------------------------------------------------------- serialization

    /** Writes the term; {@code out} is the generator's target, needed to stream raw JSON text. */
    void write(JsonGenerator gen, FrameBuffer out) throws IOException {
        if (datum != null) {
            writeDatum(gen, datum);
        } else if (jsonText != null) {
            gen.writeStartArray();
            gen.writeNumber(TermType.JSON);
            gen.writeStartArray();
            // Let the generator emit the separator and opening quote, then stream the escaped bytes
            // straight into the buffer behind it.
            gen.writeRawValue("\"");
            gen.flush();
            out.writeEscapedUtf8(jsonText.buffer(), jsonText.offset(), jsonText.length());
            gen.writeRaw('"');
            gen.writeEndArray();
            gen.writeEndArray();
        } else {
            gen.writeStartArray();
            gen.writeNumber(type);
            gen.writeStartArray();
            for (Term arg : args) {
                arg.write(gen, out);
            }
            gen.writeEndArray();
            if (!optargs.isEmpty()) {
                gen.writeStartObject();
                for (Map.Entry<String, Term> e : optargs.entrySet()) {
                    gen.writeFieldName(e.getKey());
                    e.getValue().write(gen, out);
                }
                gen.writeEndObject();
            }
            gen.writeEndArray();
        }
    }

    private static void writeDatum(JsonGenerator gen, JsonNode node) throws IOException {
        if (node.isArray()) {
            gen.writeStartArray();
            gen.writeNumber(TermType.MAKE_ARRAY);
            gen.writeStartArray();
            for (JsonNode child : node) {
                writeDatum(gen, child);
            }
            gen.writeEndArray();
            gen.writeEndArray();
        } else if (node.isObject()) {
            gen.writeStartObject();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                gen.writeFieldName(e.getKey());
                writeDatum(gen, e.getValue());
            }
            gen.writeEndObject();
        } else {
            Json.mapper().writeTree(gen, node);
        }
    }

    // ---------------------------------------------------------------- helpers

    private static Term[] prepend(Term first, String[] names) {
        Term[] all = new Term[names.length + 1];
        all[0] = first;
        for (int i = 0; i < names.length; i++) {
            all[i + 1] = value(names[i]);
        }
        return all;
    }

    static Map<String, Term> toTerms(Map<String, ?> values) {
        if (values == null || values.isEmpty()) {
            return Map.of();
        }
        Map<String, Term> terms = new LinkedHashMap<>();
        values.forEach((k, v) -> terms.put(k, value(v)));
        return terms;
    }

    private static Map<String, Object> fields(JsonNode object) {
        Map<String, Object> map = new LinkedHashMap<>();
        if (object != null) {
            if (!object.isObject()) {
                throw new IllegalArgumentException("optargs must be a JSON object");
            }
            object.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue()));
        }
        return map;
    }

    static JsonNode toNode(Object value) {
        if (value == null) {
            return NODES.nullNode();
        } else if (value instanceof JsonNode n) {
            return n;
        } else if (value instanceof String s) {
            return NODES.textNode(s);
        } else if (value instanceof Boolean b) {
            return NODES.booleanNode(b);
        } else if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return NODES.numberNode(((Number) value).intValue());
        } else if (value instanceof Long l) {
            return NODES.numberNode(l);
        } else if (value instanceof Double d) {
            return NODES.numberNode(d);
        } else if (value instanceof Float f) {
            return NODES.numberNode(f);
        } else if (value instanceof BigInteger b) {
            return NODES.numberNode(b);
        } else if (value instanceof BigDecimal b) {
            return NODES.numberNode(b);
        } else if (value instanceof List<?> list) {
            List<JsonNode> nodes = new ArrayList<>();
            for (Object o : list) {
                nodes.add(toNode(o));
            }
            return NODES.arrayNode().addAll(nodes);
        }
        throw new IllegalArgumentException("cannot turn a " + value.getClass().getName() + " into a ReQL datum");
    }

    // ---------------------------------------------------------------- index rebuild (index-rebuild)

    /** {@code Term.TermType.INDEX_RENAME} of ql2.proto. */
    private static final int INDEX_RENAME = 156;

    /** {@code index_rename(from, to, overwrite=...)}: with overwrite, replaces an index named {@code to} at once. */
    public Term indexRename(String from, String to, boolean overwrite) {
        return withOptargs(INDEX_RENAME, Map.of("overwrite", overwrite), this, value(from), value(to));
    }
}
