package io.rethinkmigrate.engine.restore;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;
import io.rethinkmigrate.model.TableId;
import java.util.List;
import org.junit.jupiter.api.Test;

class RenamingTest {

    private static TableId t(String db, String table) {
        return new TableId(db, table);
    }

    @Test
    void noRenamesKeepsNames() {
        Renaming none = Renaming.parse(List.of());
        assertTrue(none.isEmpty());
        assertEquals(t("shop", "orders"), none.target(t("shop", "orders")));
    }

    @Test
    void databaseRenameMovesEveryTable() {
        Renaming r = Renaming.parse(List.of("shop=shop2"));
        assertEquals(t("shop2", "orders"), r.target(t("shop", "orders")));
        assertEquals(t("shop2", "people"), r.target(t("shop", "people")));
        assertEquals(t("other", "orders"), r.target(t("other", "orders")));
    }

    @Test
    void tableRenameWinsOverItsDatabaseRename() {
        Renaming r = Renaming.parse(List.of("shop=shop2", "shop.orders=archive.orders_2024"));
        assertEquals(t("archive", "orders_2024"), r.target(t("shop", "orders")));
        assertEquals(t("shop2", "people"), r.target(t("shop", "people")));
        Renaming reversed = Renaming.parse(List.of("shop.orders=archive.orders_2024", "shop=shop2"));
        assertEquals(t("archive", "orders_2024"), reversed.target(t("shop", "orders")), "order does not matter");
    }

    @Test
    void twoTablesToOneTargetIsAnErrorNamingBoth() {
        Renaming r = Renaming.parse(List.of("a=c"));
        MigrateException e = assertThrows(MigrateException.class,
                () -> r.checkCollisions(List.of(t("c", "x"), t("a", "x"))));
        assertEquals(ErrorKind.USAGE, e.kind());
        assertEquals("--rename: archive tables a.x and c.x would both be restored to c.x", e.getMessage());

        Renaming tables = Renaming.parse(List.of("a.x=z.t", "b.y=z.t"));
        MigrateException both = assertThrows(MigrateException.class,
                () -> tables.checkCollisions(List.of(t("a", "x"), t("b", "y"))));
        assertTrue(both.getMessage().contains("a.x and b.y"), both.getMessage());

        assertDoesNotThrow(() -> Renaming.parse(List.of("a=b", "b=a")).checkCollisions(List.of(t("a", "x"), t("b", "x"))),
                "a swap maps each table to its own target");
    }

    @Test
    void invalidValuesAreUsageErrorsNamingTheValue() {
        for (String bad : List.of("shop", "shop=", "=shop2", "shop=shop2=x", "shop=shop2.orders",
                "shop.orders=shop2", "sh*p=x", "a.b.c=d.e", "a b=c", "rethinkdb=x", "x=rethinkdb",
                "rethinkdb.users=x.users")) {
            MigrateException e = assertThrows(MigrateException.class, () -> Renaming.parse(List.of(bad)), bad);
            assertEquals(ErrorKind.USAGE, e.kind());
            assertTrue(e.getMessage().startsWith("--rename " + bad + ":"), e.getMessage());
        }
    }

    @Test
    void conflictingRenamesOfTheSameNameAreRefused() {
        assertThrows(MigrateException.class, () -> Renaming.parse(List.of("a=b", "a=c")));
        assertThrows(MigrateException.class, () -> Renaming.parse(List.of("a.x=b.x", "a.x=c.x")));
        assertDoesNotThrow(() -> Renaming.parse(List.of("a=b", "a=b")));
    }

    @Test
    void unusedRenamesAreWarnings() {
        Renaming r = Renaming.parse(List.of("shop=shop2", "gone.t=x.t", "shop.orders=x.o"));
        assertEquals(List.of("--rename gone.t=x.t: table gone.t is not restored"),
                r.unused(List.of(t("shop", "orders"))));
        assertEquals(3, r.unused(List.of(t("other", "t"))).size());
    }
}
