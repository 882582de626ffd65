package io.rethinkmigrate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rethinkmigrate.json.Json;
import io.rethinkmigrate.testsupport.Canonical;
import io.rethinkmigrate.testsupport.CliResult;
import io.rethinkmigrate.testsupport.CliRunner;
import io.rethinkmigrate.testsupport.SampleDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Our export read back by our import gives back the same documents: exactly for JSON and NDJSON
 * (pseudo-types included), and for CSV the typed columns when the type spec is given.
 */
class ExportImportRoundTripIT {
    @RegisterExtension
    final SampleDatabase sample = SampleDatabase.sample("rm_rt", 300).snapshotted();

    private static final List<String> CSV_FIELDS = List.of("id", "name", "age", "score", "vip", "notes", "created");

    @TempDir
    Path dir;

    private static CliResult cli(String... args) {
        return new CliRunner().timeout(Duration.ofMinutes(5)).run(args);
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "ndjson"})
    void jsonFormatsRoundTripExactly(String format) {
        Path export = dir.resolve("export-" + format);
        CliResult exported = sample.cli("export", "-e", sample.db(), "-d", export.toString(), "--format", format, "-q");
        assertEquals(0, exported.exitCode(), exported.describe());
        sample.js().dropDb(sample.db());
        // reqlite's exports have no index functions: the data is what this test is about
        CliResult imported = sample.cli("import", "-d", export.toString(), "--no-secondary-indexes", "-q");
        assertEquals(0, imported.exitCode(), imported.describe());
        assertEquals(sample.before("people"), sample.documents(sample.db(), "people"), format + ": people");
        assertEquals(sample.before("orders"), sample.documents(sample.db(), "orders"), format + ": orders");
        assertEquals(0, sample.js().count(sample.db(), "empty"), format + ": the empty table is back");
    }

    @Test
    void csvWithATypeSpecRoundTripsNumbersBooleansNullAndTimes() throws Exception {
        Path export = dir.resolve("export-csv");
        CliResult exported = sample.cli("export", "-e", sample.db() + ".people", "-d", export.toString(),
                "--format", "csv", "--fields", String.join(",", CSV_FIELDS), "-q");
        assertEquals(0, exported.exitCode(), exported.describe());
        String target = sample.db() + "_csv";
        try {
            CliResult imported = sample.cli("import", "-f", export.resolve(sample.db()).resolve("people.csv").toString(),
                    "--table", target + ".people", "--pkey", "id",
                    "--types", "age:number,score:number,vip:boolean,notes:infer,created:time", "-q");
            assertEquals(0, imported.exitCode(), imported.describe());
            List<String> expected = sample.before("people").stream().map(ExportImportRoundTripIT::csvColumns).toList();
            assertEquals(expected, sample.documents(target, "people"));
        } finally {
            sample.js().dropDb(target);
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
