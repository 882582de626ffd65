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
}
