package dev.flightdeck.cdc;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.DateTimeException;
import java.time.Instant;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * Reads the columns of a captured row by name, the way Debezium's Avro types them. Columns not
 * asked for are ignored, so added, dropped or renamed columns nobody reads change nothing; a
 * column that is read but missing is an error naming the table, the column and the schema.
 */
public final class Columns {

    private Columns() {
    }

    public static long requireLong(GenericRecord row, String column) {
        Object value = require(row, column);
        if (value instanceof Number number) {
            return number.longValue();
        }
        throw wrongType(row, column, value, "a number");
    }

    public static int requireInt(GenericRecord row, String column) {
        long value = requireLong(row, column);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new MalformedChangeException(where(row, column) + " is " + value + ", out of the range of an int");
        }
        return (int) value;
    }

    public static String requireString(GenericRecord row, String column) {
        return require(row, column).toString();
    }

    /**
     * A nullable column that is read: null when its value is NULL, but an error when DDL renamed or
     * dropped it (reading that as NULL would quietly lose data, a booking's seat say).
     */
    public static String nullableString(GenericRecord row, String column) {
        if (row.getSchema().getField(column) == null) {
            throw missing(row, column);
        }
        Object value = row.get(column);
        return value == null ? null : value.toString();
    }

    /** A field that some Debezium versions or events lack (in {@code source}, say): absent and NULL both read as null. */
    public static String optionalString(GenericRecord row, String column) {
        Object value = get(row, column);
        return value == null ? null : value.toString();
    }

    public static long optionalLong(GenericRecord row, String column, long absent) {
        Object value = get(row, column);
        return value instanceof Number number ? number.longValue() : absent;
    }

    /** DATETIME as {@code timestamp-millis} (Debezium's time.precision.mode=connect). */
    public static Instant requireTimestamp(GenericRecord row, String column) {
        long millis = requireLong(row, column);
        try {
            return Instant.ofEpochMilli(millis);
        } catch (DateTimeException e) {
            throw new MalformedChangeException(where(row, column) + " is " + millis + " ms, not a time");
        }
    }

    /** DECIMAL as Avro bytes with logicalType decimal: the unscaled value, big-endian, scale in the schema. */
    public static BigDecimal requireDecimal(GenericRecord row, String column) {
        Object value = require(row, column);
        if (value instanceof ByteBuffer bytes) {
            Schema schema = nonNull(row.getSchema().getField(column).schema());
            Object scale = schema.getObjectProp("scale");
            byte[] unscaled = new byte[bytes.remaining()];
            bytes.duplicate().get(unscaled);
            return new BigDecimal(new BigInteger(unscaled), scale instanceof Number n ? n.intValue() : 0);
        }
        if (value instanceof CharSequence text) { // decimal.handling.mode=string
            try {
                return new BigDecimal(text.toString());
            } catch (NumberFormatException e) {
                throw wrongType(row, column, value, "a decimal");
            }
        }
        if (value instanceof Number number) { // decimal.handling.mode=double
            return BigDecimal.valueOf(number.doubleValue());
        }
        throw wrongType(row, column, value, "a decimal");
    }

    /** An ENUM column as a Java enum; an unknown value (an ALTER added one) is an error that names it. */
    public static <E extends Enum<E>> E requireEnum(GenericRecord row, String column, Class<E> type) {
        String value = requireString(row, column);
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            throw new MalformedChangeException(where(row, column) + " has value '" + value + "', which "
                    + type.getSimpleName() + " does not know");
        }
    }

    private static Object require(GenericRecord row, String column) {
        if (row.getSchema().getField(column) == null) {
            throw missing(row, column);
        }
        Object value = row.get(column);
        if (value == null) {
            throw new MalformedChangeException(where(row, column) + " is null but is required");
        }
        return value;
    }

    private static MalformedChangeException missing(GenericRecord row, String column) {
        return new MalformedChangeException(where(row, column) + " is missing: the schema has no such column "
                + "(renamed or dropped by DDL?); it is needed here");
    }

    private static Object get(GenericRecord row, String column) {
        return row.getSchema().getField(column) == null ? null : row.get(column);
    }

    private static Schema nonNull(Schema schema) {
        if (schema.getType() == Schema.Type.UNION) {
            return schema.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).findFirst().orElse(schema);
        }
        return schema;
    }

    private static MalformedChangeException wrongType(GenericRecord row, String column, Object value, String expected) {
        return new MalformedChangeException(where(row, column) + " is " + value.getClass().getSimpleName()
                + ", not " + expected);
    }

    private static String where(GenericRecord row, String column) {
        return "column " + column + " of " + row.getSchema().getFullName();
    }
}
