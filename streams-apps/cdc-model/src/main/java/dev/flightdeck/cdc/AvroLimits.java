package dev.flightdeck.cdc;

import java.util.function.LongConsumer;
import org.apache.avro.SystemLimitException;

/**
 * How much Avro may allocate for what a record declares. Avro sizes a string, a byte array or a
 * collection from the length the record states before reading it, and by default accepts up to
 * 2 GiB: a ten-byte record that declares a 2 GiB string is an OutOfMemoryError, which no error
 * handler sees and which recurs on every retry of the record. With these limits such a record
 * fails to decode with a {@link SystemLimitException}, which the decoders turn into
 * {@link InvalidWireFormatException}: a bad record, set aside with its reason.
 *
 * <p>Avro reads its limits once, from system properties, when its {@code SystemLimitException}
 * class loads: {@link #applyToThisJvm} must run before any Avro decoding, first thing in a main.
 * A limit already given on the command line ({@code -Dorg.apache.avro.limits...}) is kept.
 */
public final class AvroLimits {

    /**
     * The longest string: 4 MiB. A Kafka record is at most 1 MiB by default (message.max.bytes), and
     * no column Flightdeck reads comes near it.
     */
    public static final int MAX_STRING_BYTES = 4 * 1024 * 1024;
    /** The longest byte array (a DECIMAL's digits, a BLOB column): 4 MiB, for the same reason. */
    public static final int MAX_BYTES_LENGTH = 4 * 1024 * 1024;
    /**
     * The most items of one array or map: 100,000. The largest collections in Flightdeck's records
     * are a flight's taken seats and a DDL event's columns, hundreds at most; an array of 100,000
     * references is under a megabyte.
     */
    public static final int MAX_COLLECTION_ITEMS = 100_000;

    private AvroLimits() {
    }

    /** The same limits as JVM flags, for a process Flightdeck launches but does not write (the Connect worker). */
    public static java.util.List<String> jvmFlags() {
        return java.util.List.of("-D" + SystemLimitException.MAX_STRING_LENGTH_PROPERTY + "=" + MAX_STRING_BYTES,
                "-D" + SystemLimitException.MAX_BYTES_LENGTH_PROPERTY + "=" + MAX_BYTES_LENGTH,
                "-D" + SystemLimitException.MAX_COLLECTION_LENGTH_PROPERTY + "=" + MAX_COLLECTION_ITEMS);
    }

    /**
     * Sets the limits as system properties (unless already set) and checks that Avro applies them.
     *
     * @throws IllegalStateException when Avro had already read other limits: it was used before this ran
     */
    public static void applyToThisJvm() {
        // All three are set before the first check: Avro reads every limit when its first check loads it.
        setUnlessGiven(SystemLimitException.MAX_STRING_LENGTH_PROPERTY, MAX_STRING_BYTES);
        setUnlessGiven(SystemLimitException.MAX_BYTES_LENGTH_PROPERTY, MAX_BYTES_LENGTH);
        setUnlessGiven(SystemLimitException.MAX_COLLECTION_LENGTH_PROPERTY, MAX_COLLECTION_ITEMS);
        requireInForce(SystemLimitException.MAX_STRING_LENGTH_PROPERTY, SystemLimitException::checkMaxStringLength);
        requireInForce(SystemLimitException.MAX_BYTES_LENGTH_PROPERTY, SystemLimitException::checkMaxBytesLength);
        requireInForce(SystemLimitException.MAX_COLLECTION_LENGTH_PROPERTY, items -> SystemLimitException.checkMaxCollectionLength(items));
    }

    private static void setUnlessGiven(String property, int limit) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, String.valueOf(limit));
        }
    }

    private static void requireInForce(String property, LongConsumer avroCheck) {
        long effective;
        try {
            effective = Integer.parseUnsignedInt(System.getProperty(property));
        } catch (NumberFormatException e) {
            throw new IllegalStateException("-D" + property + "=" + System.getProperty(property) + " is not a number of bytes or items");
        }
        try {
            avroCheck.accept(effective + 1);
        } catch (SystemLimitException | UnsupportedOperationException refused) {
            return; // the limit is in force
        }
        throw new IllegalStateException("Avro was used before its size limits were set, so " + property + " is not "
                + effective + " here; call AvroLimits.applyToThisJvm() first in main, or pass -D" + property + "=" + effective);
    }
}
