package dev.flightdeck.connect.sink;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Reads flight-availability records (Connect structs from the Avro converter) into
 * {@link AvailabilityUpdate}s. A record it cannot read throws {@link DataException} with the
 * reason, which {@link FlightSinkTask} hands with the record to the dead-letter topic.
 */
public final class FlightRecords {

    private final String versionField;
    private final String versionHeader;

    public FlightRecords(String versionField, String versionHeader) {
        this.versionField = versionField;
        this.versionHeader = versionHeader;
    }

    /** The update a record asks for; throws {@link DataException} naming what cannot be read. */
    public AvailabilityUpdate read(SinkRecord record) {
        long flightId = flightId(record.key());
        if (record.value() == null) {
            return new AvailabilityUpdate.Delete(flightId, headerVersion(record));
        }
        if (!(record.value() instanceof Struct value)) {
            throw new DataException("value of flight " + flightId + " is a " + record.value().getClass().getSimpleName()
                    + ", not a struct: configure the Avro converter for this topic");
        }
        Object model = field(value, "aircraftModel", false);
        Object updated = field(value, "updatedAt", false);
        Object source = field(value, "sourceTimestamp", false);
        return new AvailabilityUpdate.Upsert(new PublishedFlight(flightId, longField(value, versionField),
                stringField(value, "flightNumber"), stringField(value, "origin"), stringField(value, "destination"),
                instantField(value, "departureTime"), instantField(value, "arrivalTime"),
                stringField(value, "aircraftType"), model == null ? null : model.toString(), stringField(value, "status"),
                fare(value), stringField(value, "currency"), cabins(value, flightId), seats(value, flightId),
                source == null ? null : instant(source, "sourceTimestamp"), updated == null ? null : instant(updated, "updatedAt")));
    }

    private static BigDecimal fare(Struct value) {
        Object fare = field(value, "baseFare", true);
        if (fare instanceof BigDecimal decimal) {
            return decimal;
        }
        try {
            return new BigDecimal(fare.toString());
        } catch (NumberFormatException e) {
            throw new DataException("field baseFare is not a decimal: " + fare);
        }
    }

    private static List<PublishedFlight.Cabin> cabins(Struct value, long flightId) {
        if (!(field(value, "cabins", true) instanceof List<?> list)) {
            throw new DataException("field cabins of flight " + flightId + " is not an array");
        }
        List<PublishedFlight.Cabin> cabins = new ArrayList<>(list.size());
        for (Object item : list) {
            if (!(item instanceof Struct cabin)) {
                throw new DataException("an entry of cabins of flight " + flightId + " is not a struct");
            }
            cabins.add(new PublishedFlight.Cabin(stringField(cabin, "cabin"), (int) longField(cabin, "capacity"),
                    (int) longField(cabin, "held"), (int) longField(cabin, "confirmed"), (int) longField(cabin, "available")));
        }
        return List.copyOf(cabins);
    }

    private static List<String> seats(Struct value, long flightId) {
        if (!(field(value, "takenSeats", true) instanceof List<?> list)) {
            throw new DataException("field takenSeats of flight " + flightId + " is not an array");
        }
        return list.stream().map(Object::toString).toList();
    }

    private static long flightId(Object key) {
        if (key instanceof Number n) {
            return n.longValue();
        }
        if (key instanceof String s) {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                throw new DataException("key '" + s + "' is not a flight id");
            }
        }
        throw new DataException("key " + (key == null ? "is missing" : "is a " + key.getClass().getSimpleName())
                + ": expected the flight id (a long)");
    }

    private long headerVersion(SinkRecord record) {
        Header header = record.headers().lastWithName(versionHeader);
        if (header == null || header.value() == null) {
            throw new DataException("tombstone of flight " + record.key() + " has no " + versionHeader
                    + " header: without a version a delete could undo a newer write");
        }
        Object v = header.value();
        if (v instanceof byte[] bytes && bytes.length == Long.BYTES) {
            return ByteBuffer.wrap(bytes).getLong();
        }
        if (v instanceof Number n) {
            return n.longValue();
        }
        throw new DataException("header " + versionHeader + " of flight " + record.key() + " is not an 8-byte long");
    }

    private static Object field(Struct struct, String name, boolean required) {
        if (struct.schema().field(name) == null) {
            if (required) {
                throw new DataException("field " + name + " is missing from " + struct.schema().name());
            }
            return null;
        }
        Object value = struct.get(name);
        if (value == null && required) {
            throw new DataException("field " + name + " is null");
        }
        return value;
    }

    private static String stringField(Struct struct, String name) {
        return field(struct, name, true).toString();
    }

    private static long longField(Struct struct, String name) {
        Object value = field(struct, name, true);
        if (value instanceof Number n) {
            return n.longValue();
        }
        throw new DataException("field " + name + " is not a number: " + value);
    }

    private static Instant instantField(Struct struct, String name) {
        return instant(field(struct, name, true), name);
    }

    private static Instant instant(Object value, String name) {
        if (value instanceof Date date) {
            return date.toInstant();
        }
        if (value instanceof Number n) {
            return Instant.ofEpochMilli(n.longValue());
        }
        throw new DataException("field " + name + " is not a timestamp: " + value);
    }
}
