package io.rethinkmigrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rethinkmigrate.testsupport.Fixtures;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Usage errors of -e/-i patterns, --exclude and --rename: exit code 2, one line naming the value, no server needed. */
class SelectionOptionsTest {

    private static String closedAddress() {
        return "127.0.0.1:" + InProcessCli.closedPort();
    }

    @Test
    void badExcludeNamesTheOption() {
        InProcessCli.Outcome o = InProcessCli.run("dump", "--exclude", "a.b.c");
        assertEquals(2, o.code(), o.err());
        assertTrue(o.err().startsWith("error: --exclude a.b.c:"), o.err());
    }

    @Test
    void badPatternNamesTheOption() {
        InProcessCli.Outcome o = InProcessCli.run("restore", "x.tar.gz", "-i", "shop.[ab]");
        assertEquals(2, o.code(), o.err());
        assertTrue(o.err().startsWith("error: -i/--import shop.[ab]:"), o.err());
    }

    @Test
    void badRenameNamesTheValue() {
        InProcessCli.Outcome o = InProcessCli.run("restore", "x.tar.gz", "--rename", "shop=shop2.orders");
        assertEquals(2, o.code(), o.err());
        assertTrue(o.err().startsWith("error: --rename shop=shop2.orders:"), o.err());
    }

    @Test
    void renameCollisionIsFoundInTheCatalogBeforeConnecting() throws IOException {
        String archive = Fixtures.officialDump().toString();
        for (String dryRun : new String[] {"--force", "--dry-run"}) {
            InProcessCli.Outcome o = InProcessCli.run("restore", archive, "-c", closedAddress(), dryRun,
                    "--rename", "edge.weird=shop.orders");
            assertEquals(2, o.code(), o.err());
            assertTrue(o.err().contains("archive tables edge.weird and shop.orders would both be restored to shop.orders"),
                    o.err());
        }
    }

    @Test
    void renameOfATableIntoADatabaseThatIsRenamedAwayIsNoCollision() throws IOException {
        // shop -> shop2 frees shop.orders for edge.weird: only the connection fails (exit 3)
        InProcessCli.Outcome o = InProcessCli.run("restore", Fixtures.officialDump().toString(), "-c", closedAddress(),
                "--rename", "shop=shop2", "--rename", "edge.weird=shop.orders");
        assertEquals(3, o.code(), o.err());
    }
}
