package io.rethinkmigrate.engine.reql;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The ReQL operations an index function may use, by the name the server prints them with, and their
 * term numbers from {@code Term.TermType} in RethinkDB 2.4's {@code ql2.proto}.
 *
 * <p>The server's JavaScript printer names a term by its proto name in camel case ({@code GET_FIELD}
 * prints as {@code getField}, {@code TO_ISO8601} as {@code toIso8601}), while the JS driver spells a few
 * differently ({@code toISO8601}, {@code ISO8601}); names are therefore looked up case-insensitively
 * with underscores ignored, which accepts both. Only deterministic value operations are listed:
 * anything that reads tables, writes, or is random cannot be in an index function, so a text naming
 * one is refused here instead of being sent.
 */
final class ReqlNames {
    private static final Map<String, Integer> TERMS = new HashMap<>();
    /** Terms printed without parentheses ({@code r.minval}, {@code r.monday}). */
    private static final Set<String> CONSTANTS = Set.of("minval", "maxval", "monday", "tuesday", "wednesday",
            "thursday", "friday", "saturday", "sunday", "january", "february", "march", "april", "may", "june",
            "july", "august", "september", "october", "november", "december");
    /** Optional arguments each term accepts, in the protocol's snake case. */
    private static final Map<Integer, Set<String>> OPTARGS = new HashMap<>();

    static {
        Object[] table = {
            "ERROR", 12, "EQ", 17, "NE", 18, "LT", 19, "LE", 20, "GT", 21, "GE", 22, "NOT", 23,
            "ADD", 24, "SUB", 25, "MUL", 26, "DIV", 27, "MOD", 28, "FLOOR", 183, "CEIL", 184, "ROUND", 185,
            "APPEND", 29, "PREPEND", 80, "DIFFERENCE", 95, "SET_INSERT", 88, "SET_INTERSECTION", 89,
            "SET_UNION", 90, "SET_DIFFERENCE", 91, "SLICE", 30, "SKIP", 70, "LIMIT", 71, "OFFSETS_OF", 87,
            "CONTAINS", 93, "GET_FIELD", 31, "KEYS", 94, "VALUES", 186, "OBJECT", 143, "HAS_FIELDS", 32,
            "WITH_FIELDS", 96, "PLUCK", 33, "WITHOUT", 34, "MERGE", 35, "REDUCE", 37, "MAP", 38, "FOLD", 187,
            "FILTER", 39, "CONCAT_MAP", 40, "ORDER_BY", 41, "DISTINCT", 42, "COUNT", 43, "IS_EMPTY", 86,
            "UNION", 44, "NTH", 45, "BRACKET", 170, "ZIP", 72, "RANGE", 173, "INSERT_AT", 82, "DELETE_AT", 83,
            "CHANGE_AT", 84, "SPLICE_AT", 85, "COERCE_TO", 51, "TYPE_OF", 52, "BRANCH", 65, "OR", 66, "AND", 67,
            "ASC", 73, "DESC", 74, "MATCH", 97, "UPCASE", 141, "DOWNCASE", 142, "DEFAULT", 92, "JSON", 98,
            "ISO8601", 99, "TO_ISO8601", 100, "EPOCH_TIME", 101, "TO_EPOCH_TIME", 102, "IN_TIMEZONE", 104,
            "DURING", 105, "DATE", 106, "TIME_OF_DAY", 126, "TIMEZONE", 127, "YEAR", 128, "MONTH", 129,
            "DAY", 130, "DAY_OF_WEEK", 131, "DAY_OF_YEAR", 132, "HOURS", 133, "MINUTES", 134, "SECONDS", 135,
            "TIME", 136, "MONDAY", 107, "TUESDAY", 108, "WEDNESDAY", 109, "THURSDAY", 110, "FRIDAY", 111,
            "SATURDAY", 112, "SUNDAY", 113, "JANUARY", 114, "FEBRUARY", 115, "MARCH", 116, "APRIL", 117,
            "MAY", 118, "JUNE", 119, "JULY", 120, "AUGUST", 121, "SEPTEMBER", 122, "OCTOBER", 123,
            "NOVEMBER", 124, "DECEMBER", 125, "LITERAL", 137, "SUM", 145, "AVG", 146, "MIN", 147, "MAX", 148,
            "SPLIT", 149, "ARGS", 154, "BINARY", 155, "GEOJSON", 157, "TO_GEOJSON", 158, "POINT", 159,
            "LINE", 160, "POLYGON", 161, "DISTANCE", 162, "INTERSECTS", 163, "INCLUDES", 164, "CIRCLE", 165,
            "FILL", 167, "POLYGON_SUB", 171, "TO_JSON_STRING", 172, "MINVAL", 180, "MAXVAL", 181,
            "BIT_AND", 191, "BIT_OR", 192, "BIT_XOR", 193, "BIT_NOT", 194, "BIT_SAL", 195, "BIT_SAR", 196,
        };
        for (int i = 0; i < table.length; i += 2) {
            TERMS.put(normalize((String) table[i]), (Integer) table[i + 1]);
        }
        TERMS.put("tojson", 172);  // the JS driver's alias of toJsonString
        OPTARGS.put(30, Set.of("left_bound", "right_bound"));                   // slice
        OPTARGS.put(105, Set.of("left_bound", "right_bound"));                  // during
        OPTARGS.put(99, Set.of("default_timezone"));                            // iso8601
        OPTARGS.put(162, Set.of("geo_system", "unit"));                         // distance
        OPTARGS.put(165, Set.of("num_vertices", "geo_system", "unit", "fill")); // circle
        OPTARGS.put(44, Set.of("interleave"));                                  // union
        OPTARGS.put(187, Set.of("emit", "final_emit"));                         // fold
        OPTARGS.put(42, Set.of("index"));                                       // distinct
    }

    private ReqlNames() {
    }

    /** The term number of an operation name as printed or written in JS, or -1 when not allowed. */
    static int termType(String name) {
        return TERMS.getOrDefault(normalize(name), -1);
    }

    /** True for the terms the printer writes without parentheses ({@code r.minval}). */
    static boolean isConstant(String name) {
        return CONSTANTS.contains(name.toLowerCase(Locale.ROOT));
    }

    /** The optional argument names a term accepts (snake case), empty when none. */
    static Set<String> optargs(int termType) {
        return OPTARGS.getOrDefault(termType, Set.of());
    }

    private static String normalize(String name) {
        return name.replace("_", "").toLowerCase(Locale.ROOT);
    }
}
