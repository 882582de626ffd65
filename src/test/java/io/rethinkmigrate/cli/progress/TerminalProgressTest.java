package io.rethinkmigrate.cli.progress;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rethinkmigrate.model.TableId;
import io.rethinkmigrate.progress.TableResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The terminal renderer fed with events on a fake clock. */
class TerminalProgressTest {
    private static final long MS = 1_000_000L;
    private static final TableId PEOPLE = new TableId("shop", "people");
    private static final TableId ORDERS = new TableId("shop", "orders");

    private final long[] now = {0};
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final TerminalProgress progress = new TerminalProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8),
            () -> now[0], 100);

    private String output() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void blockHasOneLinePerActiveTableAndATotal() {
        progress.tablePlanned(PEOPLE, 2000);
        progress.tablePlanned(ORDERS, 1000);
        progress.tableStarted(PEOPLE, 2000);
        progress.tableStarted(ORDERS, 1000);
        now[0] = 2000 * MS;
        progress.documentsDone(PEOPLE, 1000, 1_000_000);
        progress.documentsDone(ORDERS, 500, 250_000);

        List<String> block = progress.block();
        assertEquals(List.of(
                "  shop.people  1000/2000 docs 50%  1.0 MB  500 docs/s  ETA 0:02",
                "  shop.orders  500/1000 docs 50%  0.3 MB  250 docs/s  ETA 0:02",
                "  total  1500/3000 docs 50%  1.3 MB  750 docs/s  0/2 tables  0:02  ETA 0:02"), block);
    }

    @Test
    void redrawsInPlaceWithCursorUpAndClearLine() {
        progress.tableStarted(PEOPLE, 2000);
        String first = output();
        assertTrue(first.startsWith(TerminalProgress.CLEAR_BELOW), first);
        assertFalse(first.contains("\u001b[2A"), "nothing to go back over the first time: " + first);
        assertTrue(first.contains("\r\u001b[2K  shop.people  0/2000 docs 0%"), first);

        now[0] = 300 * MS;
        progress.documentsDone(PEOPLE, 1000, 100_000);
        String second = output().substring(first.length());
        assertTrue(second.startsWith("\r\u001b[2A\u001b[J"), "back over the two lines drawn: " + second);
        assertTrue(second.contains("shop.people  1000/2000 docs 50%"), second);
    }

    @Test
    void redrawsAtMostFiveTimesASecond() {
        progress.tableStarted(PEOPLE, 100_000);
        int drawn = output().length();
        for (int i = 1; i <= 100; i++) {
            now[0] = i * 10 * MS; // an event every 10 ms for one second
            progress.documentsDone(PEOPLE, 100, 1000);
        }
        String redraws = output().substring(drawn);
        int count = redraws.split("\u001b\\[2A", -1).length - 1;
        assertEquals(5, count, redraws);
    }

    @Test
    void finishedTableLeavesAPermanentLineAboveTheBlock() {
        progress.tableStarted(PEOPLE, 10);
        progress.tableStarted(ORDERS, 10);
        now[0] = 1500 * MS;
        progress.documentsDone(PEOPLE, 10, 1000);
        progress.tableFinished(TableResult.done(PEOPLE, 10, 1000, 2, false, Duration.ofMillis(1500)));
        String out = output();
        String last = out.substring(out.lastIndexOf("\u001b[J") + 3);
        assertTrue(last.startsWith("  done shop.people: 10 documents, 0.0 MB, 1.5 s\n"), last);
        assertTrue(last.contains("\r\u001b[2K  shop.orders  0/10 docs 0%"), last);
        assertFalse(last.contains("  shop.people  "), "no longer in the block: " + last);
        assertTrue(last.endsWith("  total  10/20 docs 50%  0.0 MB  7 docs/s  1/2 tables  0:01  ETA 0:02\n"), last);
        assertEquals(2, progress.block().size());

        progress.tableFinished(TableResult.failed(ORDERS, 3, 0, Duration.ofMillis(10), "boom"));
        out = output();
        last = out.substring(out.lastIndexOf("\u001b[J") + 3);
        assertTrue(last.startsWith("  failed shop.orders after 3 documents: boom\n"), last);
        assertEquals(1, progress.block().size(), "only the total is left");
    }

    @Test
    void warningsArePermanentAndLinesAreCutToTheWidth() {
        TerminalProgress narrow = new TerminalProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8),
                () -> now[0], 30);
        narrow.warning("index `x` of shop.people: the server gave no function for it");
        narrow.tableStarted(new TableId("a_long_database_name", "a_long_table_name"), -1);
        String out = output();
        assertTrue(out.contains("warning: index `x` of shop.people: the server gave no function for it\n"), out);
        for (String line : narrow.block()) {
            assertTrue(line.length() > 30, "the block itself is not cut");
        }
        for (String drawn : out.split("\n")) {
            String visible = drawn.replaceAll("\r|\u001b\\[[0-9]*[A-Za-z]", "");
            if (!visible.startsWith("warning")) {
                assertTrue(visible.length() < 30, "cut to the width: " + visible);
            }
        }
    }
}
