package io.rethinkmigrate.engine.plan;

import io.rethinkmigrate.engine.Selection;
import io.rethinkmigrate.engine.verify.KeyFilter;
import io.rethinkmigrate.engine.verify.SideTable;
import io.rethinkmigrate.engine.verify.TableDigest;
import io.rethinkmigrate.engine.verify.VerifySide;
import io.rethinkmigrate.model.TableId;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The part archives of a plan as one verify side: a table's digest is the sum of its parts' digests (a
 * digest does not depend on order, so the union of the parts compares as one archive would), its
 * metadata the first part's; keys are the union of the parts' keys.
 */
public final class PartsVerifySide implements VerifySide {
    private final List<VerifySide> parts;
    private final String describe;

    public PartsVerifySide(List<VerifySide> parts, String describe) {
        this.parts = List.copyOf(parts);
        this.describe = describe;
    }

    @Override
    public String describe() {
        return describe;
    }

    @Override
    public boolean rereadable() {
        return parts.stream().allMatch(VerifySide::rereadable);
    }

    @Override
    public Map<TableId, SideTable> read(Selection selection) throws IOException, InterruptedException {
        Map<TableId, SideTable> out = new TreeMap<>();
        for (VerifySide part : parts) {
            for (SideTable table : part.read(selection).values()) {
                SideTable first = out.get(table.table());
                if (first == null) {
                    TableDigest digest = new TableDigest();
                    digest.addAll(table.digest());
                    out.put(table.table(), new SideTable(table.table(), table.info(), table.settings(), digest));
                } else {
                    first.digest().addAll(table.digest());
                }
            }
        }
        return out;
    }

    @Override
    public Map<TableId, Map<String, Long>> keys(Map<TableId, KeyFilter> filters) throws IOException, InterruptedException {
        Map<TableId, Map<String, Long>> out = new HashMap<>();
        for (VerifySide part : parts) {
            part.keys(filters).forEach((table, keys) -> out.computeIfAbsent(table, t -> new HashMap<>()).putAll(keys));
        }
        return out;
    }
}
