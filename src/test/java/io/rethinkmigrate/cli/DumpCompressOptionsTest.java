package io.rethinkmigrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** `dump --compress` and `--compress-level` are checked before connecting (exit 2 naming the option). */
class DumpCompressOptionsTest {

    private static InProcessCli.Outcome dump(String... args) {
        String[] all = new String[args.length + 5];
        all[0] = "dump";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "-c";
        all[args.length + 2] = "127.0.0.1:" + InProcessCli.closedPort();
        all[args.length + 3] = "-f";
        all[args.length + 4] = System.getProperty("java.io.tmpdir") + "/rm-compress-test-" + System.nanoTime() + ".tar.gz";
        return InProcessCli.run(all);
    }

    @Test
    void unknownCompressionIsAUsageError() {
        InProcessCli.Outcome o = dump("--compress", "bzip2");
        assertEquals(2, o.code(), o.err());
        assertTrue(o.err().contains("--compress bzip2"), o.err());
    }

    @Test
    void levelsOutsideTheCompressionsRangeAreUsageErrors() {
        InProcessCli.Outcome gzip = dump("--compress-level", "10");
        assertEquals(2, gzip.code(), gzip.err());
        assertTrue(gzip.err().contains("gzip levels are 0 to 9"), gzip.err());
        InProcessCli.Outcome zstd = dump("--compress", "zstd", "--compress-level", "0");
        assertEquals(2, zstd.code(), zstd.err());
        InProcessCli.Outcome none = dump("--compress", "none", "--compress-level", "1");
        assertEquals(2, none.code(), none.err());
        assertTrue(none.err().contains("no level"), none.err());
    }

    @Test
    void validOptionsGoOnToConnect() {
        InProcessCli.Outcome o = dump("--compress", "zstd", "--compress-level", "19", "-q");
        assertEquals(3, o.code(), o.err());
    }

    @Test
    void helpListsTheCompressionOptions() {
        InProcessCli.Outcome o = InProcessCli.run("dump", "--help");
        assertTrue(o.out().contains("--compress"), o.out());
        assertTrue(o.out().contains("--compress-level"), o.out());
    }
}
