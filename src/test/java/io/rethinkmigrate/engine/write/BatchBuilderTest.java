package io.rethinkmigrate.engine.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rethinkmigrate.json.RawJson;
import org.junit.jupiter.api.Test;

class BatchBuilderTest {

    @Test
    void joinsDocumentsIntoOneJsonArray() {
        BatchBuilder batch = new BatchBuilder(10, 1000);
        batch.add(RawJson.of("{\"id\":1}"));
        batch.add(RawJson.of("{\"id\":\"ü\",\"a\":[1,[2]]}"));
        assertEquals(2, batch.documents());
        assertEquals("[{\"id\":1},{\"id\":\"ü\",\"a\":[1,[2]]}]", batch.take().toString());
        assertTrue(batch.isEmpty());
        batch.add(RawJson.of("{\"id\":3}"));
        assertEquals("[{\"id\":3}]", batch.take().toString());
    }

    @Test
    void isFullAtTheDocumentCap() {
        BatchBuilder batch = new BatchBuilder(2, 1000);
        RawJson doc = RawJson.of("{\"id\":1}");
        batch.add(doc);
        assertFalse(batch.wouldOverflow(doc));
        batch.add(doc);
        assertTrue(batch.wouldOverflow(doc));
    }

    @Test
    void isFullBeforeTheByteCapButTakesAnOversizedDocumentAlone() {
        BatchBuilder batch = new BatchBuilder(100, 30);
        RawJson small = RawJson.of("{\"id\":1,\"x\":\"aaaa\"}"); // 19 bytes
        assertFalse(batch.wouldOverflow(small));
        batch.add(small);
        assertTrue(batch.wouldOverflow(small), "[ + 19 + , + 19 + ] exceeds 30 bytes");
        batch.take();
        RawJson huge = RawJson.of("{\"id\":2,\"x\":\"" + "b".repeat(100) + "\"}");
        assertFalse(batch.wouldOverflow(huge), "an empty batch always accepts one document");
        batch.add(huge);
        assertEquals(huge.length() + 2, batch.take().length());
    }

    @Test
    void aDocumentOverTheByteCapIsOversizedAndOneUnderItIsNot() {
        BatchBuilder batch = new BatchBuilder(100, 30);
        assertFalse(batch.oversized(RawJson.of("{\"id\":1,\"x\":\"" + "a".repeat(13) + "\"}")), "28 + 2 bytes");
        assertTrue(batch.oversized(RawJson.of("{\"id\":1,\"x\":\"" + "a".repeat(14) + "\"}")), "29 + 2 bytes");
    }

    @Test
    void aTakenBatchKeepsItsBytesWhileTheNextOneIsCollected() {
        BatchBuilder batch = new BatchBuilder(2, 1000);
        batch.add(RawJson.of("{\"id\":1}"));
        RawJson first = batch.take();
        batch.add(RawJson.of("{\"id\":2}"));
        batch.add(RawJson.of("{\"id\":3}"));
        RawJson second = batch.take();
        assertEquals("[{\"id\":1}]", first.toString(), "the first batch, handed over, is not written into again");
        assertEquals("[{\"id\":2},{\"id\":3}]", second.toString());
    }
}
