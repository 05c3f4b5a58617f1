package dev.flightdeck.cdc;

/** What happened to a row, as Debezium's {@code op} field says. */
public enum Op {
    /** A row read by the initial (or an ad-hoc) snapshot. */
    READ("r"),
    CREATE("c"),
    UPDATE("u"),
    DELETE("d"),
    /** TRUNCATE TABLE: no row, no key (only with skipped.operations=none). */
    TRUNCATE("t");

    private final String code;

    Op(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static Op of(String code) {
        for (Op op : values()) {
            if (op.code.equals(code)) {
                return op;
            }
        }
        throw new MalformedChangeException("unknown Debezium op '" + code + "'");
    }
}
