package io.rethinkmigrate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rethinkmigrate.json.Json;
import io.rethinkmigrate.testsupport.Canonical;
import io.rethinkmigrate.testsupport.CliResult;
import io.rethinkmigrate.testsupport.CliRunner;
import io.rethinkmigrate.testsupport.JsDriver;
import io.rethinkmigrate.testsupport.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Our export read back by our import gives back the same documents: exactly for JSON and NDJSON
 * (pseudo-types included), and for CSV the typed columns when the type spec is given.
 */
class ExportImportRoundTripIT {
    private static final List<String> CSV_FIELDS = List.of("id", "name", "age", "score", "vip", "notes", "created");

    @TempDir
    Path dir;

    private TestServer server;
    private JsDriver js;
    private String db;
    private List<String> people;
    private List<String> orders;

    @BeforeEach
    void loadSampleData() {
        server = TestServer.require();
        js = new JsDriver(server);
        db = TestServer.uniqueName("rm_rt");
        js.loadSample(db, 300);
        people = Canonical.canonicalForJsAll(js.dump(db, "people"));
        orders = Canonical.canonicalForJsAll(js.dump(db, "orders"));
    }

    @AfterEach
    void drop() {
        if (js != null) {
            js.dropDb(db);
        }
    }

    private static CliResult cli(String... args) {
        return new CliRunner().timeout(Duration.ofMinutes(5)).run(args);
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "ndjson"})
    void jsonFormatsRoundTripExactly(String format) {
        Path export = dir.resolve("export-" + format);
        CliResult exported = cli(ServerArgs.with(server, "export", "-e", db, "-d", export.toString(), "--format", format, "-q"));
        assertEquals(0, exported.exitCode(), exported.describe());
        js.dropDb(db);
        // reqlite's exports have no index functions: the data is what this test is about
        CliResult imported = cli(ServerArgs.with(server, "import", "-d", export.toString(), "--no-secondary-indexes", "-q"));
        assertEquals(0, imported.exitCode(), imported.describe());
        assertEquals(people, Canonical.canonicalForJsAll(js.dump(db, "people")), format + ": people");
        assertEquals(orders, Canonical.canonicalForJsAll(js.dump(db, "orders")), format + ": orders");
        assertEquals(0, js.count(db, "empty"), format + ": the empty table is back");
    }

    @Test
    void csvWithATypeSpecRoundTripsNumbersBooleansNullAndTimes() throws Exception {
        Path export = dir.resolve("export-csv");
        CliResult exported = cli(ServerArgs.with(server, "export", "-e", db + ".people", "-d", export.toString(),
                "--format", "csv", "--fields", String.join(",", CSV_FIELDS), "-q"));
        assertEquals(0, exported.exitCode(), exported.describe());
        String target = db + "_csv";
        try {
            CliResult imported = cli(ServerArgs.with(server, "import", "-f", export.resolve(db).resolve("people.csv").toString(),
                    "--table", target + ".people", "--pkey", "id",
                    "--types", "age:number,score:number,vip:boolean,notes:infer,created:time", "-q"));
            assertEquals(0, imported.exitCode(), imported.describe());
            List<String> expected = people.stream().map(ExportImportRoundTripIT::csvColumns).toList();
            assertEquals(expected, Canonical.canonicalForJsAll(js.dump(target, "people")));
        } finally {
            js.dropDb(target);
        }
    }

    /** The document cut down to the exported columns, as canonical JSON. */
    private static String csvColumns(String canonicalDocument) {
        JsonNode doc = Json.parse(canonicalDocument);
        ObjectNode kept = Json.mapper().createObjectNode();
        for (String field : CSV_FIELDS) {
            if (doc.has(field)) {
                kept.set(field, doc.get(field));
            }
        }
        return Canonical.canonicalForJs(Json.write(kept));
    }
}
