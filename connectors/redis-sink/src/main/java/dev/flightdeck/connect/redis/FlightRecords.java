package dev.flightdeck.connect.redis;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Reads flight-availability records (Connect Structs from the Avro converter) into
 * {@link FlightOperation}s. A record it cannot read throws {@link DataException} with the
 * reason: the task hands such records to the dead-letter topic.
 */
final class FlightRecords {

    private final String versionField;
    private final String versionHeader;

    FlightRecords(String versionField, String versionHeader) {
        this.versionField = versionField;
        this.versionHeader = versionHeader;
    }

    FlightOperation read(SinkRecord record) {
        long flightId = flightId(record.key());
        if (record.value() == null) {
            return new FlightOperation.Delete(flightId, headerVersion(record));
        }
        if (!(record.value() instanceof Struct value)) {
            throw new DataException("value of flight " + flightId + " is a " + record.value().getClass().getSimpleName()
                    + ", not a struct: configure the Avro converter for this topic");
        }
        long version = longField(value, versionField);
        Map<String, String> fields = new LinkedHashMap<>();
        for (String name : List.of("flightNumber", "origin", "destination", "aircraftType", "status", "currency")) {
            fields.put(name, stringField(value, name));
        }
        Object model = field(value, "aircraftModel", false);
        if (model != null) {
            fields.put("aircraftModel", model.toString());
        }
        long departure = millisField(value, "departureTime");
        long arrival = millisField(value, "arrivalTime");
        fields.put("departureTime", Instant.ofEpochMilli(departure).toString());
        fields.put("arrivalTime", Instant.ofEpochMilli(arrival).toString());
        Object fare = field(value, "baseFare", true);
        fields.put("baseFare", fare instanceof BigDecimal decimal ? decimal.toPlainString() : fare.toString());
        Object updated = field(value, "updatedAt", false);
        if (updated != null) {
            fields.put("updatedAt", Instant.ofEpochMilli(millis(updated, "updatedAt")).toString());
        }
        Object cabins = field(value, "cabins", true);
        if (!(cabins instanceof List<?> list)) {
            throw new DataException("field cabins of flight " + flightId + " is not an array");
        }
        for (Object item : list) {
            if (!(item instanceof Struct cabin)) {
                throw new DataException("an entry of cabins of flight " + flightId + " is not a struct");
            }
            String code = stringField(cabin, "cabin");
            for (String count : List.of("capacity", "held", "confirmed", "available")) {
                fields.put(code + "." + count, Long.toString(longField(cabin, count)));
            }
        }
        List<String> seats = new ArrayList<>();
        Object taken = field(value, "takenSeats", true);
        if (!(taken instanceof List<?> seatList)) {
            throw new DataException("field takenSeats of flight " + flightId + " is not an array");
        }
        seatList.forEach(seat -> seats.add(seat.toString()));
        String day = LocalDate.ofInstant(Instant.ofEpochMilli(departure), ZoneOffset.UTC).toString();
        String route = fields.get("origin") + ":" + fields.get("destination") + ":" + day;
        return new FlightOperation.Upsert(flightId, version, fields, seats, route, departure, arrival);
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

    private static long millisField(Struct struct, String name) {
        return millis(field(struct, name, true), name);
    }

    private static long millis(Object value, String name) {
        if (value instanceof Date date) {
            return date.getTime();
        }
        if (value instanceof Number n) {
            return n.longValue();
        }
        throw new DataException("field " + name + " is not a timestamp: " + value);
    }
}
