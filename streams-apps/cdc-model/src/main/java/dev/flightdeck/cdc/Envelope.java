package dev.flightdeck.cdc;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * A Debezium change event, decoded but not yet typed: the row before and after (either may be
 * null), the operation and where it came from. Only fields every Debezium version carries are read.
 *
 * @param table    the captured table, from {@code source.table}
 * @param schemaId the registry id of the writer schema, for error messages
 */
public record Envelope(Op op, GenericRecord before, GenericRecord after, SourcePosition source, String table,
                       int schemaId) {

    public static Envelope of(ConfluentAvroDecoder.Decoded decoded) {
        GenericRecord value = decoded.record();
        Schema schema = value.getSchema();
        if (schema.getField("op") == null || schema.getField("source") == null) {
            throw new MalformedChangeException("schema " + decoded.schemaId() + " (" + schema.getFullName()
                    + ") is not a Debezium change envelope: it has no op/source fields");
        }
        GenericRecord source = record(value, "source");
        if (source == null) {
            throw new MalformedChangeException("schema " + decoded.schemaId() + " (" + schema.getFullName() + ") has no source block");
        }
        String table = Columns.optionalString(source, "table");
        return new Envelope(Op.of(value.get("op").toString()), record(value, "before"), record(value, "after"),
                SourcePosition.of(source), table, decoded.schemaId());
    }

    private static GenericRecord record(GenericRecord value, String field) {
        Object row = value.getSchema().getField(field) == null ? null : value.get(field);
        if (row != null && !(row instanceof GenericRecord)) {
            throw new MalformedChangeException("field " + field + " of " + value.getSchema().getFullName() + " is not a record");
        }
        return (GenericRecord) row;
    }

    /** The row as it is now: after, or before for a delete. */
    public GenericRecord latestRow() {
        return after != null ? after : before;
    }
}
