package io.rethinkmigrate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;
import io.rethinkmigrate.model.TableId;
import java.util.List;
import org.junit.jupiter.api.Test;

class SelectionTest {

    @Test
    void emptySelectionTakesEveryTableButTheSystemDatabase() {
        Selection all = Selection.parse("-e", List.of());
        assertTrue(all.includes(new TableId("shop", "orders")));
        assertFalse(all.includes(new TableId("rethinkdb", "users")));
    }

    @Test
    void databaseAndTableSpecsSelectOnlyWhatTheyName() {
        Selection s = Selection.parse("-e", List.of("shop", "edge.weird"));
        assertTrue(s.includes(new TableId("shop", "orders")));
        assertTrue(s.includes(new TableId("edge", "weird")));
        assertFalse(s.includes(new TableId("edge", "pk_types")));
        assertFalse(s.includes(new TableId("other", "t")));
        assertEquals(List.of("shop"), s.databases());
        assertEquals(List.of(new TableId("edge", "weird")), s.tables());
    }

    @Test
    void badSpecIsAUsageErrorNamingTheOption() {
        MigrateException e = assertThrows(MigrateException.class, () -> Selection.parse("-e/--export", List.of("shop.")));
        assertEquals(ErrorKind.USAGE, e.kind());
        assertTrue(e.getMessage().startsWith("-e/--export shop.:"), e.getMessage());
        assertThrows(MigrateException.class, () -> Selection.parse("-e", List.of("a b")));
        assertThrows(MigrateException.class, () -> Selection.parse("-e", List.of("x.y.z")));
    }

    @Test
    void systemDatabaseIsRefusedLikeTheOfficialTool() {
        MigrateException e = assertThrows(MigrateException.class, () -> Selection.parse("-i", List.of("rethinkdb.users")));
        assertEquals(ErrorKind.USAGE, e.kind());
        assertTrue(e.getMessage().contains("`rethinkdb` database is special"), e.getMessage());
    }

    private static TableId t(String db, String table) {
        return new TableId(db, table);
    }

    @Test
    void globPatternsMatchWithinOneNameOnly() {
        Selection s = Selection.parse("-e", List.of("db.*", "*.logs_*", "shop.order?"));
        assertTrue(s.includes(t("db", "people")));
        assertTrue(s.includes(t("other", "logs_2024")));
        assertTrue(s.includes(t("shop", "orders")));
        assertFalse(s.includes(t("shop", "order")), "? is exactly one character");
        assertFalse(s.includes(t("shop", "orders_old")));
        assertFalse(s.includes(t("other", "logs")));
        assertFalse(s.includes(t("dbx", "people")), "the db part is matched whole");
        assertTrue(s.databases().isEmpty(), "patterns are not named databases");
        assertTrue(s.tables().isEmpty(), "patterns are not named tables");
    }

    @Test
    void databasePatternSelectsEveryTableOfMatchingDatabases() {
        Selection s = Selection.parse("-i", List.of("shop_*", "edge"));
        assertTrue(s.includes(t("shop_eu", "orders")));
        assertTrue(s.includes(t("shop_", "x")));
        assertFalse(s.includes(t("shop", "orders")));
        assertEquals(List.of("edge"), s.databases(), "plain names keep their must-exist meaning");
    }

    @Test
    void patternsNeverMatchTheSystemDatabase() {
        assertFalse(Selection.parse("-e", List.of("*")).includes(t("rethinkdb", "users")));
        assertFalse(Selection.parse("-e", List.of("*.*")).includes(t("rethinkdb", "users")));
        assertFalse(Selection.parse("-e", List.of("rethink*")).includes(t("rethinkdb", "users")));
        assertTrue(Selection.parse("-e", List.of("*.*")).includes(t("a", "b")));
    }

    @Test
    void excludesWinOverIncludesAndApplyToEverything() {
        Selection s = Selection.parse("-e", List.of("db.p*")).excluding("--exclude", List.of("db.people"));
        assertTrue(s.includes(t("db", "pets")));
        assertFalse(s.includes(t("db", "people")));
        assertFalse(s.includes(t("db", "orders")));

        Selection all = Selection.all().excluding("--exclude", List.of("logs", "*.tmp_*"));
        assertTrue(all.isAll());
        assertTrue(all.includes(t("shop", "orders")));
        assertFalse(all.includes(t("logs", "anything")));
        assertFalse(all.includes(t("shop", "tmp_1")));
        assertFalse(all.includes(t("rethinkdb", "users")));
    }

    @Test
    void selectionIsImmutable() {
        Selection base = Selection.parse("-e", List.of("db"));
        Selection fewer = base.excluding("--exclude", List.of("db.people"));
        assertTrue(base.includes(t("db", "people")), "excluding returns a new selection");
        assertFalse(fewer.includes(t("db", "people")));
        assertThrows(UnsupportedOperationException.class, () -> base.databases().add("x"));
    }

    @Test
    void unmatchedPatternsAreReportedNotNamedOnes() {
        Selection s = Selection.parse("-e", List.of("db.x*", "db.p*", "db", "nope.t"))
                .excluding("--exclude", List.of("db.people", "zz*"));
        List<String> warnings = s.unmatched("-e/--export", "--exclude", List.of(t("db", "people"), t("db", "pets")));
        assertEquals(List.of("-e/--export db.x*: matches no table", "--exclude zz*: matches no table"), warnings);
    }

    @Test
    void badPatternsAreUsageErrorsNamingTheOption() {
        for (String bad : List.of("db.[ab]", "db.", "*.", "a.b.c", "db.t+", "rethinkdb.*")) {
            MigrateException e = assertThrows(MigrateException.class,
                    () -> Selection.all().excluding("--exclude", List.of(bad)), bad);
            assertEquals(ErrorKind.USAGE, e.kind());
            assertTrue(e.getMessage().startsWith("--exclude " + bad + ":"), e.getMessage());
        }
    }
}
