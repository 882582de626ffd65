package io.rethinkmigrate.engine.restore;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;
import org.junit.jupiter.api.Test;

class HeapBudgetTest {
    private static final long MB = 1024 * 1024;

    @Test
    void theDefaultOptionsFitTheLaunchersHeap() {
        long launcherHeap = 320 * MB; // bin/rethink-migrate's -Xmx
        assertDoesNotThrow(() -> HeapBudget.checkWrite("restore", RestoreOptions.DEFAULT_CLIENTS,
                RestoreOptions.DEFAULT_BATCH_BYTES, launcherHeap));
    }

    @Test
    void optionsThatCannotFitAreRefusedInOneLineNamingWhatToChange() {
        MigrateException e = assertThrows(MigrateException.class,
                () -> HeapBudget.checkWrite("restore", 8, 64 * (int) MB, 320 * MB));
        assertEquals(ErrorKind.USAGE, e.kind());
        assertTrue(e.getMessage().contains("--clients 8 x --batch-bytes 64 MB"), e.getMessage());
        assertTrue(e.getMessage().contains("lower --clients or --batch-bytes, or raise the heap (JAVA_OPTS=-Xmx"),
                e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one line");
    }

    @Test
    void theNeedGrowsWithClientsAndBatchBytes() {
        assertTrue(HeapBudget.writeNeeds(4, 4 * (int) MB) > HeapBudget.writeNeeds(3, 4 * (int) MB));
        assertTrue(HeapBudget.writeNeeds(3, 8 * (int) MB) > HeapBudget.writeNeeds(3, 4 * (int) MB));
        assertTrue(HeapBudget.writeNeeds(1, 1) > 3 * HeapBudget.LARGEST_DOCUMENT, "room for one largest document");
    }
}
