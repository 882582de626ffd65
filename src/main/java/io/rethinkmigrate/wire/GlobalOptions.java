package io.rethinkmigrate.wire;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Immutable set of global optargs sent with a START query (values are written as terms). */
public final class GlobalOptions {
    private static final GlobalOptions NONE = new GlobalOptions(Map.of());

    private final Map<String, Term> values;

    private GlobalOptions(Map<String, Term> values) {
        this.values = values;
    }

    public static GlobalOptions none() {
        return NONE;
    }

    /** time_format and binary_format "raw": TIME and BINARY arrive as {@code $reql_type$} objects. */
    public GlobalOptions rawFormats() {
        return with("time_format", "raw").with("binary_format", "raw");
    }

    /** Adds or replaces one optarg; value is a String, Number, Boolean, JsonNode or Term. */
    public GlobalOptions with(String key, Object value) {
        Map<String, Term> copy = new LinkedHashMap<>(values);
        copy.put(key, Term.value(value));
        return new GlobalOptions(Collections.unmodifiableMap(copy));
    }

    public GlobalOptions readMode(String mode) {
        return with("read_mode", mode);
    }

    public GlobalOptions maxBatchRows(int rows) {
        return with("max_batch_rows", rows);
    }

    public GlobalOptions maxBatchBytes(long bytes) {
        return with("max_batch_bytes", bytes);
    }

    public GlobalOptions durability(String durability) {
        return with("durability", durability);
    }

    public Map<String, Term> values() {
        return values;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        values.forEach((k, v) -> sb.append(sb.length() > 1 ? "," : "").append(k).append('=').append(v.toJson()));
        return sb.append('}').toString();
    }
}
