package io.rethinkmigrate.cli;

import static io.rethinkmigrate.cli.InProcessCli.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rethinkmigrate.archive.ArchiveWriter;
import io.rethinkmigrate.archive.meta.Manifest;
import io.rethinkmigrate.archive.tar.ArchiveWriterOptions;
import io.rethinkmigrate.archive.tar.OfficialArchiveWriter;
import io.rethinkmigrate.json.Json;
import io.rethinkmigrate.testsupport.Fixtures;
import io.rethinkmigrate.testsupport.RecordedServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `restore --no-users`, `--no-config`, `--user-passwords FILE` from the command line, against the
 * recorded real server: an archive holding only the fixture server's empty database, users and
 * permissions (no tables), as our dump writes it.
 */
class RestoreMetadataOptionsTest {
    private static final String USERS_READ = "[1,[15,[[14,[\"rethinkdb\"]],\"users\"]],{\"time_format\":\"raw\",\"binary_format\":\"raw\"}]";
    private static final String HEARTBEAT = "[1,[53,[[16,[[15,[[14,[\"rethinkdb\"]],\"cluster_config\"]],\"heartbeat\"]],"
            + "{\"heartbeat_timeout_secs\":10}]],{}]";

    @TempDir
    Path dir;

    private Path archive() throws Exception {
        Path file = dir.resolve("users.tar.gz");
        try (ArchiveWriter w = OfficialArchiveWriter.toFile(file, "rethinkdb_dump_u", ArchiveWriterOptions.defaults())) {
            ObjectNode cluster = Json.mapper().createObjectNode();
            cluster.set("users", Fixtures.answer("rethinkdb.users").get("frames").get(0).get("r"));
            cluster.set("permissions", Fixtures.answer("rethinkdb.permissions").get("frames").get(0).get("r"));
            cluster.set("cluster_config", Fixtures.answer("rethinkdb.cluster_config").get("frames").get(0).get("r"));
            w.writeClusterConfig(cluster);
            w.writeDatabaseConfig("emptydb", Fixtures.answer("db config emptydb").get("frames").get(0).get("r").get(0));
            w.startManifest(Manifest.start("test", null, "2026-11-25T00:00:00Z", List.of("emptydb")));
            w.commit();
        }
        return file;
    }

    private static RecordedServer server() throws Exception {
        RecordedServer server = RecordedServer.start();
        server.answer("[1,[59,[]],{}]", "{\"t\":1,\"r\":[[\"rethinkdb\"]]}");
        server.answer("[1,[57,[\"emptydb\"]],{}]", "{\"t\":1,\"r\":[{\"dbs_created\":1}]}");
        server.answer(USERS_READ, "{\"t\":2,\"r\":[{\"id\":\"admin\",\"password\":false}]}");
        server.answer(HEARTBEAT, "{\"t\":1,\"r\":[{\"deleted\":0,\"errors\":0,\"inserted\":0,\"replaced\":0,\"skipped\":0,\"unchanged\":1}]}");
        return server;
    }

    @Test
    void usersGetTheirPasswordsFromTheFileAndTheEmptyDatabaseIsCreated() throws Exception {
        Path archive = archive();
        Path passwords = dir.resolve("pw.txt");
        Files.writeString(passwords, "# passwords of the old cluster\nalice:a:b c\r\n\nbob:\n");
        try (RecordedServer server = server()) {
            String alice = "[1,[56,[[15,[[14,[\"rethinkdb\"]],\"users\"]],{\"id\":\"alice\",\"password\":\"a:b c\"}]],{}]";
            String bob = "[1,[56,[[15,[[14,[\"rethinkdb\"]],\"users\"]],{\"id\":\"bob\",\"password\":false}]],{}]";
            String inserted = "{\"t\":1,\"r\":[{\"deleted\":0,\"errors\":0,\"inserted\":1,\"replaced\":0,\"skipped\":0,\"unchanged\":0}]}";
            server.answer(alice, inserted);
            server.answer(bob, inserted);
            server.answer("[1,[188,[\"bob\",{\"config\":true}]],{}]", "{\"t\":1,\"r\":[{\"granted\":1}]}");
            InProcessCli.Outcome o = run("restore", archive.toString(), "-c", server.endpoint().toString(),
                    "--user-passwords", passwords.toString(), "--progress", "none");
            assertEquals(0, o.code(), o.err());
            server.assertAllAnswered();
            List<String> q = server.queries();
            assertTrue(q.contains("[1,[57,[\"emptydb\"]],{}]"), String.valueOf(q));
            assertTrue(q.indexOf(alice) > 0 && q.indexOf(bob) > 0, String.valueOf(q));
            assertTrue(q.indexOf("[1,[188,[\"bob\",{\"config\":true}]],{}]") > q.indexOf(bob), "permissions after the user");
            assertTrue(q.contains(HEARTBEAT));
            assertFalse(o.err().contains("a:b c"), "passwords are never printed");
        }
    }

    @Test
    void noUsersAndNoConfigLeaveThemOut() throws Exception {
        Path archive = archive();
        try (RecordedServer server = server()) {
            InProcessCli.Outcome o = run("restore", archive.toString(), "-c", server.endpoint().toString(),
                    "--no-users", "--no-config", "--no-write-hooks", "--progress", "none");
            assertEquals(0, o.code(), o.err());
            server.assertAllAnswered();
            assertEquals(List.of("[1,[59,[]],{}]", "[1,[57,[\"emptydb\"]],{}]"), server.queries());
        }
    }

    @Test
    void aBadPasswordsFileIsAUsageErrorNamingFileAndLineWithoutThePassword() throws Exception {
        Path archive = archive();
        Path passwords = dir.resolve("bad.txt");
        Files.writeString(passwords, "alice:ok\nsecret-without-user\n");
        InProcessCli.Outcome o = run("restore", archive.toString(), "-c", "127.0.0.1:" + InProcessCli.closedPort(),
                "--user-passwords", passwords.toString());
        assertEquals(2, o.code(), o.err());
        assertTrue(o.err().contains("--user-passwords " + passwords + " line 2: expected user:password"), o.err());
        assertFalse(o.err().contains("secret-without-user"), o.err());

        InProcessCli.Outcome missing = run("restore", archive.toString(), "-c", "127.0.0.1:" + InProcessCli.closedPort(),
                "--user-passwords", dir.resolve("nope.txt").toString());
        assertEquals(9, missing.code(), missing.err());
        assertTrue(missing.err().contains("--user-passwords " + dir.resolve("nope.txt") + ": cannot read it"), missing.err());
    }
}
