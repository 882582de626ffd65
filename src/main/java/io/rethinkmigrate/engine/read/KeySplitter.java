package io.rethinkmigrate.engine.read;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a primary-key space into ranges by interpolating between the smallest and the largest key, so
 * a big table can be read by several cursors at once. Only the two end keys are needed (an index
 * lookup each on a real server), not a sample of the table (a full scan on a real server).
 *
 * <p>Numbers are cut evenly by value; strings by treating the characters after their common prefix as
 * the digits of a number, in the smallest usual alphabet that holds them (hex, digits, letters and
 * digits), else in code points (UUIDs, the server's generated keys, come out even). Any other key type, or
 * numbers and strings mixed, gives one range. The split keys need not be good for correctness: ranges
 * built from them always cover every key once (see {@link KeyRange}); a bad cut only makes one range
 * bigger than the others.
 */
final class KeySplitter {

    private KeySplitter() {
    }

    /** Up to {@code parts - 1} increasing keys strictly between {@code min} and {@code max}. */
    static List<JsonNode> splitKeys(JsonNode min, JsonNode max, int parts) {
        List<JsonNode> keys = new ArrayList<>();
        if (parts < 2 || min == null || max == null) {
            return keys;
        }
        if (min.isNumber() && max.isNumber()) {
            splitNumbers(min, max, parts, keys);
        } else if (min.isTextual() && max.isTextual()) {
            splitStrings(min.textValue(), max.textValue(), parts, keys);
        }
        return keys;
    }

    /** Ranges from split keys: [minval, k1), [k1, k2), ..., [kn, maxval). */
    static List<KeyRange> ranges(List<JsonNode> splitKeys) {
        List<KeyRange> ranges = new ArrayList<>();
        JsonNode lower = null;
        for (JsonNode key : splitKeys) {
            ranges.add(new KeyRange(lower, false, key));
            lower = key;
        }
        ranges.add(new KeyRange(lower, false, null));
        return ranges;
    }

    private static void splitNumbers(JsonNode min, JsonNode max, int parts, List<JsonNode> keys) {
        if (min.canConvertToLong() && max.canConvertToLong() && min.isIntegralNumber() && max.isIntegralNumber()) {
            BigInteger lo = BigInteger.valueOf(min.longValue());
            BigInteger span = BigInteger.valueOf(max.longValue()).subtract(lo);
            long last = min.longValue();
            for (int i = 1; i < parts; i++) {
                long key = lo.add(span.multiply(BigInteger.valueOf(i)).divide(BigInteger.valueOf(parts))).longValue();
                if (key > last && key < max.longValue()) {
                    keys.add(LongNode.valueOf(key));
                    last = key;
                }
            }
            return;
        }
        double lo = min.doubleValue();
        double hi = max.doubleValue();
        if (!Double.isFinite(lo) || !Double.isFinite(hi)) {
            return;
        }
        double last = lo;
        for (int i = 1; i < parts; i++) {
            double key = lo + (hi - lo) * i / parts;
            if (key > last && key < hi) {
                keys.add(DoubleNode.valueOf(key));
                last = key;
            }
        }
    }

    /**
     * Alphabets tried, smallest first: when every character after the common prefix of both ends is in
     * one, keys are cut as numbers in that base, so that no cut falls where no key can be (between '9'
     * and 'a' for hex keys, for instance). UUIDs (RethinkDB's generated keys) use the first.
     */
    private static final String[] ALPHABETS = {
        "-0123456789abcdef", "-0123456789ABCDEF", "0123456789",
        "-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz"};

    private static void splitStrings(String min, String max, int parts, List<JsonNode> keys) {
        if (compareCodePoints(min, max) >= 0) {
            return;
        }
        int[] a = min.codePoints().toArray();
        int[] b = max.codePoints().toArray();
        int prefix = 0;
        while (prefix < a.length && prefix < b.length && a[prefix] == b[prefix]) {
            prefix++;
        }
        int[] alphabet = alphabetOf(a, b, prefix);
        BigInteger base = BigInteger.valueOf(alphabet == null ? Character.MAX_CODE_POINT + 1L : alphabet.length);
        int digits = alphabet == null ? 4 : Math.max(4, (int) Math.ceil(Math.log(1e9) / Math.log(alphabet.length)));
        BigInteger lo = toNumber(a, prefix, digits, base, alphabet);
        BigInteger hi = toNumber(b, prefix, digits, base, alphabet);
        BigInteger span = hi.subtract(lo);
        String common = new String(a, 0, prefix);
        String last = min;
        for (int i = 1; i < parts; i++) {
            BigInteger value = lo.add(span.multiply(BigInteger.valueOf(i)).divide(BigInteger.valueOf(parts)));
            String key = common + fromNumber(value, digits, base, alphabet);
            // compared by code point, as the server orders strings (UTF-8 bytes)
            if (compareCodePoints(key, last) > 0 && compareCodePoints(key, max) < 0) {
                keys.add(TextNode.valueOf(key));
                last = key;
            }
        }
    }

    /** The smallest alphabet holding every character after the prefix of both keys, or null. */
    private static int[] alphabetOf(int[] a, int[] b, int prefix) {
        for (String candidate : ALPHABETS) {
            if (allIn(a, prefix, candidate) && allIn(b, prefix, candidate)) {
                return candidate.codePoints().toArray();
            }
        }
        return null;
    }

    private static boolean allIn(int[] codePoints, int from, String alphabet) {
        for (int i = from; i < codePoints.length; i++) {
            if (alphabet.indexOf(codePoints[i]) < 0) {
                return false;
            }
        }
        return true;
    }

    /** The first {@code digits} characters after {@code from} as a number (missing characters count as the lowest). */
    private static BigInteger toNumber(int[] codePoints, int from, int digits, BigInteger base, int[] alphabet) {
        BigInteger n = BigInteger.ZERO;
        for (int i = 0; i < digits; i++) {
            int digit = 0;
            if (from + i < codePoints.length) {
                digit = alphabet == null ? codePoints[from + i] : indexOf(alphabet, codePoints[from + i]);
            }
            n = n.multiply(base).add(BigInteger.valueOf(digit));
        }
        return n;
    }

    private static String fromNumber(BigInteger n, int digits, BigInteger base, int[] alphabet) {
        int[] out = new int[digits];
        for (int i = digits - 1; i >= 0; i--) {
            BigInteger[] qr = n.divideAndRemainder(base);
            int digit = qr[1].intValue();
            if (alphabet != null) {
                digit = alphabet[digit];
            } else if (digit >= Character.MIN_SURROGATE && digit <= Character.MAX_SURROGATE) {
                digit = Character.MAX_SURROGATE + 1; // not a character: the next one that is
            }
            out[i] = digit;
            n = qr[0];
        }
        int length = digits;
        int lowest = alphabet == null ? 0 : alphabet[0];
        while (length > 1 && out[length - 1] == lowest) {
            length--; // trailing lowest digits add nothing to the order (and NULs are awkward in keys)
        }
        return new String(out, 0, length);
    }

    private static int indexOf(int[] alphabet, int codePoint) {
        for (int i = 0; i < alphabet.length; i++) {
            if (alphabet[i] == codePoint) {
                return i;
            }
        }
        throw new IllegalArgumentException("not in the alphabet: " + codePoint);
    }

    static int compareCodePoints(String x, String y) {
        int i = 0;
        int j = 0;
        while (i < x.length() && j < y.length()) {
            int cx = x.codePointAt(i);
            int cy = y.codePointAt(j);
            if (cx != cy) {
                return Integer.compare(cx, cy);
            }
            i += Character.charCount(cx);
            j += Character.charCount(cy);
        }
        return Integer.compare(x.length() - i, y.length() - j);
    }
}
