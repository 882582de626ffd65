package io.rethinkmigrate.engine.plan;

import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;
import java.util.function.Function;

/**
 * Which part this process dumps or restores: {@code --part}, else the variable {@value #PART_VARIABLE},
 * else {@value #JOB_INDEX_VARIABLE} (set by a Kubernetes Indexed Job for each pod), so that one command
 * line serves every worker of a scheduler.
 */
public final class PartNumber {
    public static final String PART_VARIABLE = "RETHINK_MIGRATE_PART";
    public static final String JOB_INDEX_VARIABLE = "JOB_COMPLETION_INDEX";

    private PartNumber() {
    }

    /** The part number, checked against the plan; a usage error names where a bad number came from. */
    public static int resolve(Integer flag, Function<String, String> environment, PartPlan plan) {
        if (flag != null) {
            return plan.checkPart(flag, "--part");
        }
        for (String variable : new String[] {PART_VARIABLE, JOB_INDEX_VARIABLE}) {
            String value = environment.apply(variable);
            if (value != null && !value.isBlank()) {
                try {
                    return plan.checkPart(Integer.parseInt(value.trim()), "$" + variable);
                } catch (NumberFormatException e) {
                    throw new MigrateException(ErrorKind.USAGE, "$" + variable + "=" + value + ": not a part number");
                }
            }
        }
        throw new MigrateException(ErrorKind.USAGE, "--plan needs the part: --part I, or $" + PART_VARIABLE
                + " or $" + JOB_INDEX_VARIABLE + " set");
    }
}
