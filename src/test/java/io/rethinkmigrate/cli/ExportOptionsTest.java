package io.rethinkmigrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** `export`'s format options are checked as the official tool checks them, before any connection. */
class ExportOptionsTest {

    /** A loopback port with nothing listening: reaching the server would be exit 3, not 2. */
    private static String nowhere() {
        return "127.0.0.1:" + InProcessCli.closedPort();
    }

    private static InProcessCli.Outcome export(String... args) throws IOException {
        String[] all = new String[args.length + 3];
        all[0] = "export";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "-c";
        all[args.length + 2] = nowhere();
        return InProcessCli.run(all);
    }

    @Test
    void csvRequiresFields() throws IOException {
        InProcessCli.Outcome o = export("--format", "csv", "-e", "db.t");
        assertEquals(2, o.code(), o.err());
        assertTrue(o.err().contains("--fields"), o.err());
    }

    @Test
    void delimiterIsOneCharacterAndOnlyForCsv() throws IOException {
        InProcessCli.Outcome two = export("--format", "csv", "--fields", "a", "--delimiter", ";;");
        assertEquals(2, two.code(), two.err());
        assertTrue(two.err().contains("exactly one character"), two.err());
        InProcessCli.Outcome json = export("--delimiter", ";");
        assertEquals(2, json.code(), json.err());
        assertTrue(json.err().contains("only valid for CSV"), json.err());
    }

    @Test
    void unknownFormatAndEmptyField() throws IOException {
        assertEquals(2, export("--format", "xml").code());
        assertEquals(2, export("--fields", "a,,b").code());
    }

    @Test
    void validOptionsGoOnToConnect() throws IOException {
        // tab given as \t, as the official tool takes it: the options pass, the connection fails (exit 3)
        InProcessCli.Outcome o = export("--format", "csv", "--fields", "a,b.c", "--delimiter", "\\t", "-q");
        assertEquals(3, o.code(), o.err());
    }

    @Test
    void helpListsTheOfficialOptions() {
        InProcessCli.Outcome o = InProcessCli.run("export", "--help");
        assertEquals(0, o.code());
        for (String option : new String[] {"--directory", "--export", "--format", "--fields", "--delimiter", "--clients",
                "--read-outdated", "--connect", "--password-file", "--tls-cert"}) {
            assertTrue(o.out().contains(option), option + " in " + o.out());
        }
    }
}
