package io.rethinkmigrate.engine.plan;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rethinkmigrate.archive.meta.Manifest;
import io.rethinkmigrate.archive.meta.TableInfo;
import io.rethinkmigrate.engine.dump.DumpScope;
import io.rethinkmigrate.engine.read.DumpOptions;
import io.rethinkmigrate.engine.read.KeyRange;
import io.rethinkmigrate.engine.read.RangePlanner;
import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;
import io.rethinkmigrate.json.Json;
import io.rethinkmigrate.model.TableId;
import io.rethinkmigrate.wire.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One part of a plan as a dump's scope: every table of the plan is written (so that each part archive
 * has every table's metadata and restores alone), with the documents of this part's ranges only; the
 * manifest records the plan id, the part, the number of parts and the ranges.
 */
public final class PartScope implements DumpScope {
    private final PartPlan plan;
    private final int part;
    private final Map<TableId, PartPlan.Table> tables = new LinkedHashMap<>();

    public PartScope(PartPlan plan, int part) {
        this.plan = plan;
        this.part = plan.checkPart(part, "--part");
        plan.tables().forEach(t -> tables.put(t.id(), t));
    }

    /** A table of the plan that is gone fails the part; a table newer than the plan is left out, with a warning. */
    @Override
    public List<TableId> tables(List<TableId> selected, List<String> warnings) {
        for (TableId planned : tables.keySet()) {
            if (!selected.contains(planned)) {
                throw new MigrateException(ErrorKind.USAGE, "table " + planned + " of the plan " + plan.id()
                        + " is no longer on the server (or no longer selected): make a new plan");
            }
        }
        List<TableId> out = new ArrayList<>();
        for (TableId id : selected) {
            if (tables.containsKey(id)) {
                out.add(id);
            } else {
                warnings.add("table " + id + " is not in the plan " + plan.id() + " (created after it?): not dumped");
            }
        }
        return out;
    }

    @Override
    public RangePlanner.Plan ranges(Connection control, TableId table, TableInfo info, DumpOptions options) {
        PartPlan.Table planned = tables.get(table);
        return new RangePlanner.Plan(planned.rangesOf(part), planned.firstPageLength(), planned.wholeReads());
    }

    @Override
    public void describe(Manifest manifest) {
        manifest.setPart(record());
    }

    /** {@code {"plan_id", "part", "parts", "ranges": [{"db", "table", "lower", "lower_open", "upper"}]}}. */
    ObjectNode record() {
        ObjectNode o = Json.mapper().createObjectNode();
        o.put("plan_id", plan.id());
        o.put("part", part);
        o.put("parts", plan.parts());
        ArrayNode ranges = o.putArray("ranges");
        for (PartPlan.Table t : tables.values()) {
            for (KeyRange r : t.rangesOf(part)) {
                ObjectNode range = ranges.addObject();
                range.put("db", t.id().db());
                range.put("table", t.id().table());
                range.set("lower", r.lower() == null ? NullNode.getInstance() : r.lower());
                range.put("lower_open", r.lowerOpen());
                range.set("upper", r.upper() == null ? NullNode.getInstance() : r.upper());
            }
        }
        return o;
    }
}
