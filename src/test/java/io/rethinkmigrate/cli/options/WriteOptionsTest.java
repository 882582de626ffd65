package io.rethinkmigrate.cli.options;

import io.rethinkmigrate.cli.InProcessCli;


import static io.rethinkmigrate.cli.InProcessCli.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rethinkmigrate.engine.restore.RestoreOptions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** `--batch-size` (the official option, which it ignores) and `--batch-bytes` reach the restore's batching. */
class WriteOptionsTest {

    private static RestoreOptions parsed(String... args) {
        WriteOptions write = new WriteOptions();
        new CommandLine(write).parseArgs(args);
        write.validate();
        return write.applyTo(RestoreOptions.builder()).build();
    }

    @Test
    void batchSizeAndBytesAreHonoured() {
        RestoreOptions options = parsed("--batch-size", "350", "--batch-bytes", "2M");
        assertEquals(350, options.batchDocuments());
        assertEquals(2 * 1024 * 1024, options.batchBytes());
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        RestoreOptions options = parsed();
        assertEquals(200, options.batchDocuments(), "the official tool's batch size, as docs/options.md says");
        assertEquals(4 * 1024 * 1024, options.batchBytes());
    }

    @Test
    void badBatchOptionsAreUsageErrorsNamingTheOption() {
        InProcessCli.Outcome zero = run("restore", "x.tar.gz", "--batch-size", "0");
        assertEquals(2, zero.code());
        assertTrue(zero.err().contains("--batch-size 0"), zero.err());
        InProcessCli.Outcome big = run("import", "-f", "x.json", "--table", "db.t", "--batch-bytes", "65M");
        assertEquals(2, big.code());
        assertTrue(big.err().contains("--batch-bytes 65M: at most 64M"), big.err());
        InProcessCli.Outcome junk = run("restore", "x.tar.gz", "--batch-bytes", "lots");
        assertEquals(2, junk.code());
        assertTrue(junk.err().contains("--batch-bytes lots: not a size"), junk.err());
    }
}
