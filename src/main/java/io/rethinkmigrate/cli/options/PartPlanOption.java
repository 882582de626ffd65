package io.rethinkmigrate.cli.options;

import io.rethinkmigrate.engine.plan.PartPlan;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * `--plan` of `restore` and `verify`: the plan (made by `plan`) that their part archives FILE PART... must
 * belong to. The PART parameters stay in each command, since picocli wants a mixin's positions to start at 0.
 */
public final class PartPlanOption {
    @Option(names = "--plan", paramLabel = "FILE", description = "the parts must be of this plan (made by `plan`); "
            + "FILE may then be a directory holding the part archives")
    public Path plan;

    /** The plan of --plan, or null without it. */
    public PartPlan read() {
        return plan == null ? null : PartPlan.read(plan);
    }

    /** FILE, then the further parts, as typed. */
    public static List<String> names(String first, List<String> moreParts) {
        List<String> names = new ArrayList<>(List.of(first));
        names.addAll(moreParts);
        return names;
    }
}
