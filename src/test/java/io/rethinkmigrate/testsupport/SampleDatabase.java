package io.rethinkmigrate.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The sample database of an integration test, as a JUnit 5 extension: a uniquely named database on
 * the test server (skipped, with the reason printed, when none is configured), filled before each test
 * and dropped after it, with every other database the test made through {@link #newDb}. Registered as a
 * {@code static} field it is made once for the class instead.
 *
 * <pre>
 * {@literal @}RegisterExtension
 * final SampleDatabase sample = SampleDatabase.sample("rm_export", 300);
 * </pre>
 *
 * What goes in: {@link #sample} loads {@code scripts/load-sample.js} (people, orders with their secondary
 * indexes, empty), {@link #officialShop} restores tables of the official fixture's {@code shop} under the
 * unique name (through our CLI; {@link #restore()} keeps its result), {@link #none} makes only the name
 * (the test creates the database). {@link #withTable} adds a table of given documents.
 */
public final class SampleDatabase implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback,
        AfterAllCallback {
    /** The tables {@code scripts/load-sample.js} makes. */
    public static final List<String> SAMPLE_TABLES = List.of("empty", "orders", "people");
    private static final Duration CLI_TIMEOUT = Duration.ofMinutes(5);

    private final String prefix;
    private final int sampleDocs;
    private final List<String> shopTables; // null: not the official shop
    private final Map<String, Table> extraTables = new LinkedHashMap<>();
    private String realServerReason;
    private boolean keepSnapshot;
    private boolean perClass;

    private TestServer server;
    private JsDriver js;
    private String db;
    private final List<String> created = new ArrayList<>();
    private Map<String, List<String>> before;
    private CliResult restore;

    private record Table(String pk, List<String> docs) {
    }

    private SampleDatabase(String prefix, int sampleDocs, List<String> shopTables) {
        this.prefix = prefix;
        this.sampleDocs = sampleDocs;
        this.shopTables = shopTables;
    }

    /** people ({@code docs} documents), orders ({@code ceil(docs/2)}) and empty, from load-sample.js. */
    public static SampleDatabase sample(String prefix, int docs) {
        return new SampleDatabase(prefix, docs, null);
    }

    /** The official fixture's {@code shop.TABLE} for each of {@code tables} (none: all of shop), restored by our CLI. */
    public static SampleDatabase officialShop(String prefix, String... tables) {
        return new SampleDatabase(prefix, -1, List.of(tables));
    }

    /** Only the unique name and the clean-up: the test creates the database itself. */
    public static SampleDatabase none(String prefix) {
        return new SampleDatabase(prefix, -1, null);
    }

    /** Adds table {@code name} (primary key {@code pk}) holding {@code docs} (JSON texts, raw pseudo-types). */
    public SampleDatabase withTable(String name, String pk, String... docs) {
        return withTable(name, pk, List.of(docs));
    }

    /** {@link #withTable(String, String, String...)} for a list of documents. */
    public SampleDatabase withTable(String name, String pk, List<String> docs) {
        extraTables.put(name, new Table(pk, List.copyOf(docs)));
        return this;
    }

    /** Skips (reason printed) unless the server is a real RethinkDB: reqlite cannot {@code what}. */
    public SampleDatabase realServerOnly(String what) {
        this.realServerReason = what;
        return this;
    }

    /** Reads every table through the JS driver once filled: {@link #before(String)}. */
    public SampleDatabase snapshotted() {
        this.keepSnapshot = true;
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        perClass = true;
        setUp(context.getRequiredTestClass().getName() + " (all tests)");
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (!perClass) {
            setUp(context.getRequiredTestClass().getName() + "." + context.getRequiredTestMethod().getName());
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (!perClass) {
            dropEverythingCreated();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (perClass) {
            dropEverythingCreated();
        }
    }

    private void setUp(String test) {
        server = realServerReason == null ? TestServer.require(test)
                : TestServer.requireRealServer(realServerReason, test);
        js = new JsDriver(server);
        created.clear();
        db = newDb(prefix);
        if (sampleDocs >= 0) {
            js.loadSample(db, sampleDocs);
        }
        if (shopTables != null) {
            restoreShop();
        }
        extraTables.forEach((name, table) -> js.load(db, name, table.pk(), table.docs()));
        if (keepSnapshot) {
            before = snapshot(db);
            if (sampleDocs >= 0) {
                assertEquals(sampleDocs, before.get("people").size(), "sample data loaded");
            }
        }
    }

    private void restoreShop() {
        List<String> args = new ArrayList<>(List.of("restore", Fixtures.officialDump().toString()));
        if (shopTables.isEmpty()) {
            args.addAll(List.of("-i", "shop"));
        }
        shopTables.forEach(t -> args.addAll(List.of("-i", "shop." + t)));
        args.addAll(List.of("--rename", "shop=" + db));
        restore = new CliRunner().timeout(Duration.ofMinutes(10)).run(withServer(args.toArray(String[]::new)));
    }

    private void dropEverythingCreated() {
        if (js != null) {
            created.forEach(js::dropDb);
            created.clear();
        }
    }

    /** A new unique database name, dropped with the sample database. */
    public String newDb(String namePrefix) {
        String name = TestServer.uniqueName(namePrefix);
        created.add(name);
        return name;
    }

    public TestServer server() {
        return server;
    }

    public JsDriver js() {
        return js;
    }

    /** The sample database's name. */
    public String db() {
        return db;
    }

    /** The result of {@link #officialShop}'s restore (null for the other kinds). */
    public CliResult restore() {
        return restore;
    }

    /** The tables this sample was filled with, sorted. */
    public List<String> tables() {
        Stream<String> sample = sampleDocs >= 0 ? SAMPLE_TABLES.stream() : Stream.empty();
        Stream<String> shop = shopTables == null ? Stream.empty() : shopTables.stream();
        return Stream.concat(Stream.concat(sample, shop), extraTables.keySet().stream())
                .distinct().sorted().toList();
    }

    /** Every table's documents as they were once filled, by table (needs {@link #snapshotted()}). */
    public Map<String, List<String>> before() {
        return before;
    }

    /** {@code table}'s documents as they were once filled (needs {@link #snapshotted()}). */
    public List<String> before(String table) {
        return before.get(table);
    }

    /** Every table of {@link #tables()} in {@code database}: canonical documents (JS driver), by table. */
    public Map<String, List<String>> snapshot(String database) {
        Map<String, List<String>> docs = new TreeMap<>();
        for (String table : tables()) {
            docs.put(table, documents(database, table));
        }
        return docs;
    }

    /** The documents of {@code database.table} read by the JS driver, canonical for comparison. */
    public List<String> documents(String database, String table) {
        return Canonical.canonicalForJsAll(js.dump(database, table));
    }

    /** {@code db.table} of every table of {@code database} on the server (JS driver), sorted. */
    public List<String> tablesOf(String database) {
        return js.tables().stream().filter(t -> t.startsWith(database + ".")).sorted().toList();
    }

    /** {@code args} followed by the options that reach the test server ({@code -c}, {@code --password-file}). */
    public String[] withServer(String... args) {
        return server.commandLine(args);
    }

    /** Runs the product's command line against the test server (5 minutes at most). */
    public CliResult cli(String... args) {
        return cli(new CliRunner().timeout(CLI_TIMEOUT), args);
    }

    /** {@link #cli(String...)} through a prepared runner (stdin, environment, timeout). */
    public CliResult cli(CliRunner runner, String... args) {
        return runner.run(withServer(args));
    }
}
