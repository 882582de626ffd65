package io.rethinkmigrate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rethinkmigrate.testsupport.Canonical;
import io.rethinkmigrate.testsupport.CliRunner;
import io.rethinkmigrate.testsupport.JsDriver;
import io.rethinkmigrate.testsupport.ProcessRunner;
import io.rethinkmigrate.testsupport.RepoPaths;
import io.rethinkmigrate.testsupport.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The encrypted backup of docs/security.md: `dump -f -` piped through `openssl enc` into a file that is not a
 * readable archive, and back through `openssl enc -d` into `restore -`, every document as it was.
 */
class EncryptedPipeIT {
    @TempDir
    Path dir;

    private JsDriver js;
    private String db;
    private String restored;

    @AfterEach
    void drop() {
        if (js != null) {
            js.dropDb(db);
            js.dropDb(restored);
        }
    }

    @Test
    void dumpThroughOpensslAndBackRestoresEveryDocument() throws Exception {
        if (!Files.isExecutable(Path.of("/usr/bin/openssl"))) {
            System.out.println("SKIPPED EncryptedPipeIT: no /usr/bin/openssl on this machine");
            Assumptions.abort("no openssl");
        }
        TestServer server = TestServer.require();
        js = new JsDriver(server);
        db = TestServer.uniqueName("rm_enc");
        restored = db + "_back";
        List<String> docs = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            docs.add("{\"id\":" + i + ",\"secret\":\"card-" + (1000 + i) + "\",\"nested\":{\"a\":[" + i + ",\"x\"]}}");
        }
        js.load(db, "cards", null, docs);
        Path key = Files.writeString(dir.resolve("backup.key"), "a long passphrase kept apart from the backup\n");
        Path backup = dir.resolve("backup.tar.gz.enc");
        List<String> connect = server.connectArgs();
        String tool = "java -jar " + CliRunner.jar() + " ";
        String conn = " -c " + server.address() + " --password-file " + connect.get(connect.indexOf("--password-file") + 1);

        bash(tool + "dump" + conn + " -e " + db + " -f - -q"
                + " | openssl enc -aes-256-cbc -pbkdf2 -salt -pass file:" + key + " > " + backup);
        byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(backup), 8);
        assertEquals("Salted__", new String(head, StandardCharsets.ISO_8859_1), "the file is openssl's, not a gzip");
        assertFalse(new String(Files.readAllBytes(backup), StandardCharsets.ISO_8859_1).contains("card-1000"));

        bash("openssl enc -d -aes-256-cbc -pbkdf2 -pass file:" + key + " < " + backup
                + " | " + tool + "restore -" + conn + " --rename " + db + "=" + restored + " -q");
        assertEquals(400, js.count(restored, "cards"));
        assertEquals(Canonical.canonicalForJsAll(js.dump(db, "cards")), Canonical.canonicalForJsAll(js.dump(restored, "cards")));
    }

    private void bash(String pipeline) {
        ProcessRunner.Outcome o = ProcessRunner.run(List.of("bash", "-c", "set -euo pipefail; " + pipeline),
                RepoPaths.root(), Map.of(), null, Duration.ofMinutes(3));
        assertEquals(0, o.exitCode(), pipeline + "\n" + o.stderrText());
    }
}
