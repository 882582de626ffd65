package io.rethinkmigrate.cli;

import io.rethinkmigrate.cli.options.ProgressOptions;
import io.rethinkmigrate.cli.progress.StderrProgress;
import io.rethinkmigrate.cli.progress.SummaryPrinter;
import io.rethinkmigrate.cli.progress.TerminalProgress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rethinkmigrate.model.TableId;
import io.rethinkmigrate.progress.ProgressListener;
import io.rethinkmigrate.progress.RunSummary;
import io.rethinkmigrate.progress.TableResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Choosing the display, the plain lines, and the summary table. */
class ProgressDisplayTest {
    private static final TableId PEOPLE = new TableId("shop", "people");

    @Test
    void modeChoosesTheRenderer() {
        PrintStream err = new PrintStream(new ByteArrayOutputStream());
        ProgressOptions options = new ProgressOptions();
        options.mode = ProgressOptions.Mode.tty;
        assertTrue(options.listener(err, "dumping", false) instanceof TerminalProgress);
        assertSame(ProgressListener.NONE, options.listener(err, "dumping", true), "-q silences even tty");
        options.mode = ProgressOptions.Mode.plain;
        assertTrue(options.listener(err, "dumping", false) instanceof StderrProgress);
        options.mode = ProgressOptions.Mode.none;
        assertSame(ProgressListener.NONE, options.listener(err, "dumping", false));
    }

    @Test
    void terminalDevicesAreRecognised() {
        assertTrue(ProgressOptions.isTerminalDevice("/dev/pts/3"));
        assertTrue(ProgressOptions.isTerminalDevice("/dev/tty1"));
        assertFalse(ProgressOptions.isTerminalDevice("pipe:[12345]"));
        assertFalse(ProgressOptions.isTerminalDevice("/tmp/log.txt"));
        assertFalse(ProgressOptions.isTerminalDevice("/dev/null"));
    }

    @Test
    void plainLinesHaveNoEscapesAndAnEtaEveryInterval() {
        long[] now = {0};
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        StderrProgress plain = new StderrProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), "dumping",
                () -> now[0]);
        plain.tablePlanned(PEOPLE, 2000);
        plain.tableStarted(PEOPLE, 2000);
        now[0] = 1_000_000_000L;
        plain.documentsDone(PEOPLE, 100, 10_000); // before the interval: no line
        now[0] = StderrProgress.INTERVAL_NANOS;
        plain.documentsDone(PEOPLE, 900, 90_000);
        plain.tableFinished(TableResult.done(PEOPLE, 2000, 200_000, 1, false, Duration.ofSeconds(9)));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(String.join("\n",
                "  dumping shop.people (about 2000 documents)",
                "  ... 1000 of about 2000 documents, 0.1 MB, 200 docs/s, 0/1 tables done, ETA 0:05",
                "  done shop.people: 2000 documents, 0.2 MB, 9.0 s", ""), out);
        assertFalse(out.contains("\u001b"));
    }

    @Test
    void summaryIsATableWithTimesProblemsAndWarnings() {
        RunSummary summary = new RunSummary(List.of(
                TableResult.done(PEOPLE, 2000, 2048, 2, true, Duration.ofMillis(1234)),
                new TableResult(new TableId("shop", "orders"), TableResult.Status.INCOMPLETE, 10, 100, 0, false,
                        Duration.ofMillis(100), "index `x` not recreated"),
                new TableResult(new TableId("shop", "skipped"), TableResult.Status.SKIPPED, 0, 0, 0, false,
                        Duration.ZERO, null)),
                List.of("index `x` not recreated", "something else"), Duration.ofSeconds(2));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SummaryPrinter.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), "Restore incomplete", summary);
        assertEquals(String.join("\n",
                "Restore incomplete",
                "  table         status         documents        size  indexes  hook      time",
                "  shop.people   done                2000     2.0 KiB        2   yes     1.2 s",
                "  shop.orders   incomplete            10       100 B        0     -     0.1 s",
                "  shop.skipped  skipped                0         0 B        0     -     0.0 s",
                "  3 tables, 2010 documents, 2.1 KiB in 2.0 s (1005 documents/s)",
                "  SKIPPED shop.skipped",
                "  INCOMPLETE shop.orders: index `x` not recreated",
                "Warnings:",
                "  something else", ""), bytes.toString(StandardCharsets.UTF_8));
    }
}
