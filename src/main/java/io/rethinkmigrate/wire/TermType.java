package io.rethinkmigrate.wire;

/** ReQL term numbers, as defined by {@code Term.TermType} in RethinkDB's {@code ql2.proto}. */
public final class TermType {
    public static final int DATUM = 1;
    public static final int MAKE_ARRAY = 2;
    public static final int MAKE_OBJ = 3;
    public static final int VAR = 10;
    public static final int IMPLICIT_VAR = 13;
    public static final int DB = 14;
    public static final int TABLE = 15;
    public static final int GET = 16;
    public static final int GET_FIELD = 31;
    public static final int FILTER = 39;
    public static final int ORDER_BY = 41;
    public static final int COUNT = 43;
    public static final int NTH = 45;
    public static final int DELETE = 54;
    public static final int INSERT = 56;
    public static final int DB_CREATE = 57;
    public static final int DB_DROP = 58;
    public static final int DB_LIST = 59;
    public static final int TABLE_CREATE = 60;
    public static final int TABLE_DROP = 61;
    public static final int TABLE_LIST = 62;
    public static final int FUNC = 69;
    public static final int SKIP = 70;
    public static final int LIMIT = 71;
    public static final int ASC = 73;
    public static final int DESC = 74;
    public static final int INDEX_CREATE = 75;
    public static final int INDEX_DROP = 76;
    public static final int INDEX_LIST = 77;
    public static final int INFO = 79;
    public static final int JSON = 98;
    public static final int INDEX_STATUS = 139;
    public static final int INDEX_WAIT = 140;
    public static final int CHANGES = 152;
    public static final int BRACKET = 170;
    public static final int CONFIG = 174;
    public static final int STATUS = 175;
    public static final int RECONFIGURE = 176;
    public static final int WAIT = 177;
    public static final int MINVAL = 180;
    public static final int MAXVAL = 181;
    public static final int BETWEEN = 182;
    public static final int GRANT = 188;
    public static final int SET_WRITE_HOOK = 189;
    public static final int GET_WRITE_HOOK = 190;

    private TermType() {
    }
}
