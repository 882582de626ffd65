package io.rethinkmigrate.engine.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Split keys cut a table's key space evenly, and the ranges built from them hold every key exactly once. */
class KeySplitterTest {

    @Test
    void integerKeysAreCutEvenly() {
        List<JsonNode> keys = KeySplitter.splitKeys(LongNode.valueOf(0), LongNode.valueOf(1000), 4);
        assertEquals(List.of(LongNode.valueOf(250), LongNode.valueOf(500), LongNode.valueOf(750)), keys);
    }

    @Test
    void fewerKeysThanPartsGiveNoEmptyOrRepeatedRanges() {
        List<JsonNode> keys = KeySplitter.splitKeys(LongNode.valueOf(1), LongNode.valueOf(3), 10);
        assertEquals(List.of(LongNode.valueOf(2)), keys);
    }

    @Test
    void fractionalKeysAreCutByValue() {
        List<JsonNode> keys = KeySplitter.splitKeys(DoubleNode.valueOf(0.5), DoubleNode.valueOf(1.5), 2);
        assertEquals(List.of(DoubleNode.valueOf(1.0)), keys);
    }

    @Test
    void uuidKeysGiveRangesOfAboutTheSameSize() {
        List<String> uuids = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 20_000; i++) {
            uuids.add(new UUID(random.nextLong(), random.nextLong()).toString());
        }
        uuids.sort(KeySplitter::compareCodePoints);
        List<JsonNode> splits = KeySplitter.splitKeys(TextNode.valueOf(uuids.get(0)),
                TextNode.valueOf(uuids.get(uuids.size() - 1)), 8);
        assertEquals(7, splits.size(), "seven split keys: " + splits);
        int[] counts = countPerRange(KeySplitter.ranges(splits), uuids.stream().map(u -> (JsonNode) TextNode.valueOf(u)).toList());
        for (int count : counts) {
            assertTrue(count > 2_000 && count < 3_000, "about 2500 keys a range: " + java.util.Arrays.toString(counts));
        }
    }

    @Test
    void everyKeyIsInExactlyOneRangeWhateverTheSplits() {
        List<JsonNode> keys = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 2_000; i++) {
            keys.add(random.nextBoolean() ? LongNode.valueOf(random.nextLong(-1000, 1000))
                    : TextNode.valueOf("k" + random.nextInt(100_000) + "\u00e9\ud83d\ude00".substring(0, random.nextInt(4))));
        }
        // splits of the string part, the number part, and none at all
        for (List<JsonNode> splits : List.of(
                KeySplitter.splitKeys(TextNode.valueOf("k0"), TextNode.valueOf("k99999"), 13),
                KeySplitter.splitKeys(LongNode.valueOf(-1000), LongNode.valueOf(1000), 9),
                List.<JsonNode>of())) {
            int[] counts = countPerRange(KeySplitter.ranges(splits), keys);
            assertEquals(keys.size(), java.util.Arrays.stream(counts).sum(), "each key counted once: " + splits);
        }
    }

    @Test
    void mixedOrOtherKeyTypesAreNotCut() {
        assertEquals(List.of(), KeySplitter.splitKeys(LongNode.valueOf(1), TextNode.valueOf("z"), 4));
        assertEquals(List.of(), KeySplitter.splitKeys(TextNode.valueOf("same"), TextNode.valueOf("same"), 4));
        assertEquals(1, KeySplitter.ranges(List.of()).size());
    }

    @Test
    void splitKeysOfStringsAreStrictlyBetweenTheEnds() {
        List<JsonNode> splits = KeySplitter.splitKeys(TextNode.valueOf("user:a"), TextNode.valueOf("user:b"), 5);
        assertEquals(4, splits.size());
        String last = "user:a";
        for (JsonNode key : splits) {
            assertTrue(key.textValue().startsWith("user:a"), key.toString());
            assertTrue(KeySplitter.compareCodePoints(key.textValue(), last) > 0, key + " after " + last);
            last = key.textValue();
        }
        assertTrue(KeySplitter.compareCodePoints(last, "user:b") < 0);
    }

    /** For each range, how many of the keys it holds, with the server's order: numbers, then strings by code point. */
    private static int[] countPerRange(List<KeyRange> ranges, List<JsonNode> keys) {
        int[] counts = new int[ranges.size()];
        for (JsonNode key : keys) {
            for (int i = 0; i < ranges.size(); i++) {
                KeyRange r = ranges.get(i);
                boolean aboveLower = r.lower() == null || compare(key, r.lower()) >= 0;
                boolean belowUpper = r.upper() == null || compare(key, r.upper()) < 0;
                if (aboveLower && belowUpper) {
                    counts[i]++;
                }
            }
        }
        return counts;
    }

    private static int compare(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return Double.compare(a.doubleValue(), b.doubleValue());
        }
        if (a.isNumber() != b.isNumber()) {
            return a.isNumber() ? -1 : 1;
        }
        return KeySplitter.compareCodePoints(a.textValue(), b.textValue());
    }
}
