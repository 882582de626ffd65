package io.rethinkmigrate.cli.progress;

import io.rethinkmigrate.model.TableId;
import io.rethinkmigrate.progress.ProgressTracker;
import io.rethinkmigrate.progress.Rates;
import io.rethinkmigrate.progress.TableResult;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress for a terminal: a block of one line per table in work plus a total line, redrawn in place
 * (cursor up, clear line) at most every {@link #REDRAW_NANOS}. A finished table, a warning, leaves a
 * permanent line above the block. The cursor always rests at the start of the line under the block, so
 * anything else printed on stderr (the summary, an error) simply follows it.
 */
public final class TerminalProgress extends TrackedProgress {
    public static final long REDRAW_NANOS = 200_000_000L; // about 5 redraws a second
    public static final String ESC = "\u001b[";
    public static final String CLEAR_LINE = ESC + "2K";
    public static final String CLEAR_BELOW = ESC + "J";

    private final PrintStream err;
    private final int columns;
    private int drawnLines;
    private long lastDraw;
    private boolean drawnOnce;

    public TerminalProgress(PrintStream err) {
        this(err, System::nanoTime, columnsFromEnvironment());
    }

    public TerminalProgress(PrintStream err, LongSupplier nanoClock, int columns) {
        super(nanoClock);
        this.err = err;
        this.columns = Math.max(20, columns);
    }

    /** The terminal's width: COLUMNS when exported, else what `stty size` says of /dev/tty, else 80. */
    private static int columnsFromEnvironment() {
        try {
            String value = System.getenv("COLUMNS");
            if (value != null) {
                return Integer.parseInt(value.trim());
            }
        } catch (NumberFormatException e) {
            // ask the terminal
        }
        try {
            Process stty = new ProcessBuilder("stty", "size").redirectInput(new java.io.File("/dev/tty"))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (stty.waitFor(1, java.util.concurrent.TimeUnit.SECONDS) && stty.exitValue() == 0) {
                String[] rowsColumns = new String(stty.getInputStream().readAllBytes()).trim().split("\\s+");
                int columns = Integer.parseInt(rowsColumns[1]);
                if (columns > 0) {
                    return columns;
                }
            } else {
                stty.destroy();
            }
        } catch (Exception e) {
            // no terminal to ask: the default
        }
        return 80;
    }

    @Override
    void started(TableId table, long estimatedDocuments) {
        redraw(null);
    }

    @Override
    void progressed() {
        if (clock.getAsLong() - lastDraw >= REDRAW_NANOS) {
            redraw(null);
        }
    }

    @Override
    void finished(TableResult result) {
        redraw(finishedLine(result));
    }

    @Override
    void warned(String message) {
        redraw("warning: " + message);
    }

    /** Erases the block, prints a permanent line if given, draws the block again. */
    private void redraw(String permanent) {
        StringBuilder out = new StringBuilder();
        if (drawnLines > 0) {
            out.append('\r').append(ESC).append(drawnLines).append('A');
        }
        out.append(CLEAR_BELOW);
        if (permanent != null) {
            out.append(permanent).append('\n');
        }
        List<String> block = block();
        for (String line : block) {
            out.append('\r').append(CLEAR_LINE).append(fit(line)).append('\n');
        }
        drawnLines = block.size();
        lastDraw = clock.getAsLong();
        drawnOnce = true;
        err.print(out);
        err.flush();
    }

    /** The lines of the block: the tables in work, then the total. */
    public List<String> block() {
        List<String> lines = new ArrayList<>();
        for (ProgressTracker.Table t : tracker.active()) {
            lines.add("  " + t.table() + "  " + counts(t.documents(), t.correctedEstimate(), t.percent()) + "  "
                    + Rates.megabytes(t.bytes()) + "  " + Rates.docsPerSecond(t.rate()) + "  ETA "
                    + Rates.duration(t.etaSeconds()));
        }
        ProgressTracker.Total total = tracker.total();
        lines.add(String.format(Locale.ROOT, "  total  %s  %s  %s  %d/%d tables  %s  ETA %s",
                counts(total.documents(), total.estimateComplete() ? total.estimate() : -1, total.percent()),
                Rates.megabytes(total.bytes()), Rates.docsPerSecond(total.rate()), total.finishedTables(),
                total.tables(), Rates.duration(total.elapsedNanos() / 1_000_000_000L),
                Rates.duration(total.etaSeconds())));
        return lines;
    }

    private static String counts(long documents, long estimate, int percent) {
        if (estimate < 0) {
            return documents + " docs";
        }
        return documents + "/" + estimate + " docs " + percent + "%";
    }

    public static String finishedLine(TableResult result) {
        return switch (result.status()) {
            case FAILED -> "  failed " + result.table() + " after " + result.documents() + " documents: " + result.error();
            case INCOMPLETE -> String.format(Locale.ROOT, "  incomplete %s: %d documents, but %s", result.table(),
                    result.documents(), result.error());
            case SKIPPED -> "  skipped " + result.table();
            case DONE -> String.format(Locale.ROOT, "  done %s: %d documents, %s, %.1f s", result.table(),
                    result.documents(), Rates.megabytes(result.bytes()), result.elapsed().toMillis() / 1000.0);
        };
    }

    /** Cut to the terminal width: a wrapped line would break the cursor-up count. */
    private String fit(String line) {
        return line.length() < columns ? line : line.substring(0, columns - 1);
    }

    public boolean drawn() {
        return drawnOnce;
    }
}
