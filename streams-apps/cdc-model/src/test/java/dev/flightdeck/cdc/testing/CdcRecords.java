package dev.flightdeck.cdc.testing;

import dev.flightdeck.cdc.ConfluentAvroDecoder;
import dev.flightdeck.cdc.Op;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * Debezium change records of the flights tables as bytes, for tests without a stack. The
 * schemas are the ones Debezium 3.6.1 registered on the real stack (test resources
 * {@code debezium/cdc.flights.<table>-key|value.avsc}), so records have exactly Debezium's shape:
 * envelope, source block, DECIMAL as bytes with a scale, DATETIME as timestamp-millis.
 */
public final class CdcRecords {

    /** A place in the binlog and a commit time, for the source block. */
    public record At(String file, long pos, int row, Instant commitTime, boolean snapshot) {
        public static At binlog(long pos, Instant commitTime) {
            return new At("binlog.000001", pos, 0, commitTime, false);
        }

        public static At snapshot(Instant commitTime) {
            return new At("binlog.000001", 157, 0, commitTime, true);
        }
    }

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final Map<String, Schema> values = new HashMap<>();
    private final Map<String, Schema> keys = new HashMap<>();

    public CdcRecords() {
        for (String table : List.of("booking", "flight", "seat_map", "aircraft_type")) {
            keys.put(table, load("cdc.flights." + table + "-key.avsc"));
            values.put(table, load("cdc.flights." + table + "-value.avsc"));
        }
    }

    public ConfluentAvroDecoder decoder() {
        return new ConfluentAvroDecoder(registry::schema);
    }

    public Schema rowSchema(String table) {
        return nonNull(values.get(table).getField("after").schema());
    }

    // --- Rows ----------------------------------------------------------------------------------

    /** A row of the table; columns not given get their default, null, or zero. */
    public GenericRecord row(String table, Map<String, Object> columns) {
        return fill(rowSchema(table), columns);
    }

    public GenericRecord booking(long id, long flightId, String cabin, String seatNo, String status) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("id", id);
        c.put("reference", "R" + String.format("%05d", id % 100000));
        c.put("flight_id", flightId);
        c.put("passenger_id", 1000L + id);
        c.put("cabin", cabin);
        c.put("seat_no", seatNo);
        c.put("status", status);
        c.put("fare", new BigDecimal("199.00"));
        c.put("currency", "EUR");
        c.put("active_seat", "CANCELLED".equals(status) ? null : seatNo);
        return row("booking", c);
    }

    public GenericRecord flight(long id, String number, String origin, String destination, Instant departure,
                                String aircraftType) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("id", id);
        c.put("flight_number", number);
        c.put("origin", origin);
        c.put("destination", destination);
        c.put("departure_time", departure.toEpochMilli());
        c.put("arrival_time", departure.plusSeconds(7200).toEpochMilli());
        c.put("aircraft_type", aircraftType);
        c.put("status", "SCHEDULED");
        c.put("base_fare", new BigDecimal("149.00"));
        c.put("currency", "EUR");
        return row("flight", c);
    }

    public GenericRecord seat(String aircraftType, String seatNo, String cabin) {
        return row("seat_map", Map.of("aircraft_type", aircraftType, "seat_no", seatNo, "cabin", cabin,
                "seat_row", Integer.parseInt(seatNo.replaceAll("\\D", "")), "seat_letter", seatNo.replaceAll("\\d", "")));
    }

    public GenericRecord aircraftType(String code, String manufacturer, String model) {
        return row("aircraft_type", Map.of("code", code, "manufacturer", manufacturer, "model", model,
                "range_km", 6000, "cruise_speed_kmh", 830));
    }

    /** The same row with some columns changed. */
    public static GenericRecord with(GenericRecord row, Map<String, Object> changes) {
        GenericData.Record copy = new GenericData.Record((GenericData.Record) row, true);
        changes.forEach((column, value) -> copy.put(column, convert(copy.getSchema().getField(column).schema(), value)));
        return copy;
    }

    // --- Change records as Kafka bytes -----------------------------------------------------------

    /** The Confluent-framed value of a change event; before or after may be null. */
    public byte[] change(String table, Op op, GenericRecord before, GenericRecord after, At at) {
        Schema envelope = values.get(table);
        if (before != null && !before.getSchema().equals(rowSchema(table))
                || after != null && !after.getSchema().equals(rowSchema(table))) {
            envelope = envelopeFor(table, before != null ? before.getSchema() : after.getSchema());
        }
        GenericRecord source = fill(envelope.getField("source").schema(), sourceColumns(table, at));
        Map<String, Object> fields = new HashMap<>();
        fields.put("before", before);
        fields.put("after", after);
        fields.put("source", source);
        fields.put("op", op.code());
        fields.put("ts_ms", at.commitTime().toEpochMilli() + 3);
        return frame(fill(envelope, fields));
    }

    /**
     * The Confluent-framed value of a DDL event on the schema-change topic ({@code cdc}), with the
     * fields Debezium writes there; of each table change only its type and id ("flights"."booking").
     */
    public byte[] schemaChange(String ddl, String table, At at) {
        Schema sourceSchema = values.get("booking").getField("source").schema();
        Schema tableChange = org.apache.avro.SchemaBuilder.record("Change").namespace("io.debezium.connector.schema").fields()
                .requiredString("type").requiredString("id").endRecord();
        Schema event = org.apache.avro.SchemaBuilder.record("SchemaChangeValue").namespace("io.debezium.connector.mysql").fields()
                .name("source").type(sourceSchema).noDefault()
                .requiredLong("ts_ms").requiredString("databaseName").optionalString("schemaName").requiredString("ddl")
                .name("tableChanges").type().array().items(tableChange).noDefault()
                .endRecord();
        List<GenericRecord> changes = new java.util.ArrayList<>();
        if (table != null) {
            String type = ddl.trim().toUpperCase(java.util.Locale.ROOT).startsWith("CREATE") ? "CREATE"
                    : ddl.trim().toUpperCase(java.util.Locale.ROOT).startsWith("DROP") ? "DROP" : "ALTER";
            changes.add(fill(tableChange, Map.of("type", type, "id", "\"flights\".\"" + table + "\"")));
        }
        Map<String, Object> fields = new HashMap<>();
        fields.put("source", fill(sourceSchema, sourceColumns(table == null ? "" : table, at)));
        fields.put("ts_ms", at.commitTime().toEpochMilli() + 3);
        fields.put("databaseName", "flights");
        fields.put("schemaName", null);
        fields.put("ddl", ddl);
        fields.put("tableChanges", changes);
        return frame(fill(event, fields));
    }

    // --- Hostile records ---------------------------------------------------------------------------

    /** What the hostile records below declare: about 2 GB, or 2 billion items. */
    public static final long HUGE = 2_000_000_000L;

    /**
     * A booking change under the real schema id of the booking envelope, whose row's {@code reference}
     * declares a string of {@link #HUGE} bytes and ends there: a dozen bytes that, without Avro's
     * limits, make the decoder allocate 2 GB.
     */
    public byte[] bookingDeclaringAHugeString() {
        int id = registry.register(values.get("booking"));
        return frame(id, encoder -> {
            encoder.writeIndex(1); // before: a row
            encoder.writeLong(7);  // id
            encoder.writeLong(HUGE); // reference: its length, and no bytes after it
        });
    }

    /**
     * A DDL event of the schema-change topic whose {@code tableChanges} array (its last field)
     * declares {@link #HUGE} items and ends there.
     */
    public byte[] schemaChangeDeclaringAHugeCollection() {
        byte[] empty = schemaChange("CREATE DATABASE other", null, At.binlog(1, Instant.EPOCH));
        if (empty[empty.length - 1] != 0) {
            throw new IllegalStateException("expected the event to end with its empty tableChanges array");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(empty, 0, empty.length - 1);
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            encoder.writeLong(HUGE); // the block's item count, where the end-of-array 0 was
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private interface Body {
        void write(BinaryEncoder encoder) throws IOException;
    }

    private static byte[] frame(int schemaId, Body body) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(0);
            out.write(ByteBuffer.allocate(4).putInt(schemaId).array());
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            body.write(encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public byte[] key(String table, GenericRecord row) {
        Schema key = keys.get(table);
        Map<String, Object> columns = new HashMap<>();
        for (Schema.Field field : key.getFields()) {
            columns.put(field.name(), row.get(field.name()));
        }
        return frame(fill(key, columns));
    }

    private Map<String, Object> sourceColumns(String table, At at) {
        Map<String, Object> s = new HashMap<>();
        s.put("version", "3.6.1.Final");
        s.put("connector", "mysql");
        s.put("name", "cdc");
        s.put("ts_ms", at.commitTime().toEpochMilli());
        s.put("snapshot", at.snapshot() ? "true" : "false");
        s.put("db", "flights");
        s.put("table", table);
        s.put("server_id", 1L);
        s.put("file", at.file());
        s.put("pos", at.pos());
        s.put("row", at.row());
        s.put("gtid", at.snapshot() ? null : "41425a81-e8dd-11f1-aeb2-02fc00000001:" + at.pos());
        return s;
    }

    private byte[] frame(GenericRecord record) {
        int id = registry.register(record.getSchema());
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(0);
            out.write(ByteBuffer.allocate(4).putInt(id).array());
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new GenericDatumWriter<GenericRecord>(record.getSchema()).write(record, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // --- Schema evolution ------------------------------------------------------------------------

    /** The row schema after {@code ALTER TABLE ... ADD column VARCHAR NULL}. */
    public Schema rowSchemaWithColumnAdded(String table, String column) {
        Schema row = rowSchema(table);
        List<Schema.Field> fields = copyFields(row);
        fields.add(new Schema.Field(column, Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING)),
                null, Schema.Field.NULL_DEFAULT_VALUE));
        return Schema.createRecord(row.getName(), row.getDoc(), row.getNamespace(), false, fields);
    }

    /** The row schema after {@code ALTER TABLE ... DROP column} (or after a rename, without its old name). */
    public Schema rowSchemaWithColumnDropped(String table, String column) {
        Schema row = rowSchema(table);
        List<Schema.Field> fields = copyFields(row);
        fields.removeIf(f -> f.name().equals(column));
        return Schema.createRecord(row.getName(), row.getDoc(), row.getNamespace(), false, fields);
    }

    /** A row of the table under an evolved row schema. */
    public GenericRecord row(Schema rowSchema, Map<String, Object> columns) {
        return fill(rowSchema, columns);
    }

    private Schema envelopeFor(String table, Schema row) {
        Schema original = values.get(table);
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field f : original.getFields()) {
            Schema type = f.name().equals("before") || f.name().equals("after")
                    ? Schema.createUnion(Schema.create(Schema.Type.NULL), row) : f.schema();
            fields.add(new Schema.Field(f.name(), type, f.doc(), f.defaultVal()));
        }
        return Schema.createRecord(original.getName(), original.getDoc(), original.getNamespace(), false, fields);
    }

    private static List<Schema.Field> copyFields(Schema record) {
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field f : record.getFields()) {
            fields.add(new Schema.Field(f, f.schema()));
        }
        return fields;
    }

    // --- Filling records -------------------------------------------------------------------------

    private static GenericRecord fill(Schema schema, Map<String, Object> given) {
        GenericData.Record record = new GenericData.Record(schema);
        for (Schema.Field field : schema.getFields()) {
            if (given.containsKey(field.name())) {
                record.put(field.name(), convert(field.schema(), given.get(field.name())));
            } else if (field.hasDefaultValue()) {
                record.put(field.name(), GenericData.get().getDefaultValue(field));
            } else {
                record.put(field.name(), zero(field.schema()));
            }
        }
        return record;
    }

    private static Object convert(Schema schema, Object value) {
        if (value instanceof BigDecimal decimal) {
            Schema bytes = nonNull(schema);
            Object scale = bytes.getObjectProp("scale");
            return ByteBuffer.wrap(decimal.setScale(scale instanceof Number n ? n.intValue() : 0).unscaledValue().toByteArray());
        }
        if (value instanceof Integer i && nonNull(schema).getType() == Schema.Type.LONG) {
            return i.longValue();
        }
        return value;
    }

    private static Object zero(Schema schema) {
        return switch (schema.getType()) {
            case UNION -> schema.getTypes().getFirst().getType() == Schema.Type.NULL ? null : zero(schema.getTypes().getFirst());
            case STRING -> "";
            case LONG -> 0L;
            case INT -> 0;
            case BOOLEAN -> false;
            case DOUBLE -> 0.0;
            case FLOAT -> 0.0f;
            case BYTES -> ByteBuffer.allocate(0);
            case RECORD -> fill(schema, Map.of());
            case ARRAY -> List.of();
            case ENUM -> new GenericData.EnumSymbol(schema, schema.getEnumSymbols().getFirst());
            default -> null;
        };
    }

    private static Schema nonNull(Schema schema) {
        if (schema.getType() == Schema.Type.UNION) {
            return schema.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).findFirst().orElseThrow();
        }
        return schema;
    }

    private static Schema load(String resource) {
        try (InputStream in = CdcRecords.class.getResourceAsStream("/debezium/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("test resource debezium/" + resource + " is missing");
            }
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
