package io.rethinkmigrate.cli.options;

import io.rethinkmigrate.engine.Selection;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Spec;

/**
 * Which tables a command works on: a repeatable include option ({@code -e/--export}, {@code -i/--import}
 * or {@code -r/--rebuild}) and a repeatable {@code --exclude} that wins over it, both taking
 * {@code DB[.TABLE]} with {@code *} and {@code ?}. Each command's wording is one row of {@link Kind}; the
 * two options are built from it when picocli hands over the command (as {@link SideConnectionOptions}
 * does). A command declares the mixin with its kind: {@code @Mixin SelectionOptions tables = new
 * SelectionOptions(Kind.COPY)}. The bare {@code @Command} only makes picocli accept a mixin without
 * annotated options.
 */
@Command
public final class SelectionOptions {
    /** The include option's names and the help of both options, per command. */
    public enum Kind {
        /** `dump`, `export`, `backup`, `plan` (through {@link ReadOptions}). */
        READ("-e", "--export", "limit to a database or a table (repeatable); * and ? match within a name (db.*, *.logs_*)",
                "leave out a database or table, * and ? allowed (repeatable; wins over -e)"),
        COPY("-e", "--export", "limit the copy to a database or a table of the source (repeatable); * and ? match "
                + "within a name", "leave out a database or table, * and ? allowed (repeatable; wins over -e)"),
        VERIFY("-e", "--export", "only this database or table (repeatable); * and ? match within a name",
                "leave out a database or table, * and ? allowed (repeatable; wins over -e)"),
        RESTORE("-i", "--import", "limit the restore to a database or a table of the archive (repeatable); * and ? "
                + "match within a name", "leave out a database or table of the archive, * and ? allowed "
                + "(repeatable; wins over -i)"),
        REBUILD("-r", "--rebuild", "only the indexes of this database or table (repeatable; default: all); * and ? "
                + "match within a name", "leave out a database or table, * and ? allowed (repeatable; wins over -r)");

        final String shortName;
        final String longName;
        final String includeHelp;
        final String excludeHelp;

        Kind(String shortName, String longName, String includeHelp, String excludeHelp) {
            this.shortName = shortName;
            this.longName = longName;
            this.includeHelp = includeHelp;
            this.excludeHelp = excludeHelp;
        }
    }

    private final Kind kind;
    /** The two options once picocli handed over the command; null outside picocli (nothing given). */
    private OptionSpec include;
    private OptionSpec exclude;

    public SelectionOptions(Kind kind) {
        this.kind = kind;
    }

    @Spec(Spec.Target.MIXEE)
    public void command(CommandSpec mixee) {
        include = option(new String[] {kind.shortName, kind.longName}, kind.includeHelp);
        exclude = option(new String[] {"--exclude"}, kind.excludeHelp);
        mixee.addOption(include);
        mixee.addOption(exclude);
    }

    private static OptionSpec option(String[] names, String help) {
        return OptionSpec.builder(names).paramLabel("DB[.TABLE]").type(List.class).auxiliaryTypes(String.class)
                .description(help).build();
    }

    /** The include patterns as given. */
    public List<String> includes() {
        return values(include);
    }

    /** The --exclude patterns as given. */
    public List<String> excludes() {
        return values(exclude);
    }

    /** True when either option was given. */
    public boolean given() {
        return !includes().isEmpty() || !excludes().isEmpty();
    }

    /** The selection; a usage error naming the option for a bad pattern. */
    public Selection selection() {
        return Selection.parse(kind.shortName + "/" + kind.longName, includes()).excluding("--exclude", excludes());
    }

    private static List<String> values(OptionSpec option) {
        List<String> values = option == null ? null : option.getValue();
        return values == null ? List.of() : values;
    }
}
