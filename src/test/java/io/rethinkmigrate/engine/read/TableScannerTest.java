package io.rethinkmigrate.engine.read;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TableScannerTest {
    private final TableScanner scanner = new TableScanner(null, null, "id", null, 16L * 1024 * 1024);

    @Test
    void pagesGrowWhileDocumentsAreSmall() {
        assertEquals(4_000, scanner.nextPageLength(1_000, 1_000 * 1_000L), "1 KB documents: at most x4 per step");
        assertEquals(TableScanner.MAX_PAGE_DOCUMENTS, scanner.nextPageLength(50_000, 50_000L * 100));
    }

    @Test
    void pagesShrinkToHoldAboutTheTargetBytes() {
        long twoMegabyteDocs = 2L * 1024 * 1024;
        assertEquals(8, scanner.nextPageLength(1_000, 1_000 * twoMegabyteDocs));
        assertEquals(1, scanner.nextPageLength(10, 10 * 64L * 1024 * 1024), "never below one document");
    }
}
