package dev.flightdeck.cdc;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.avro.generic.GenericRecord;

/**
 * A DDL statement as Debezium reports it: on its schema-change topic ({@code cdc}, Avro) or in its
 * schema history topic (JSON, written before the change events and outside their transaction, so
 * it holds a statement even when the events after it could not be written). The statement, the
 * tables it changed ("flights.passenger"; none for statements about no captured table, and for
 * DROP TABLE and TRUNCATE on this connector) and where it sits in the binlog.
 */
public record DdlEvent(String ddl, String database, List<String> tables, SourcePosition source) {

    public static DdlEvent of(GenericRecord event) {
        if (event.getSchema().getField("ddl") == null || event.getSchema().getField("source") == null) {
            throw new MalformedChangeException(event.getSchema().getFullName() + " is not a Debezium schema-change event: no ddl/source");
        }
        List<String> tables = new ArrayList<>();
        if (event.get("tableChanges") instanceof List<?> changes) {
            for (Object change : changes) {
                if (!(change instanceof GenericRecord table) || table.getSchema().getField("id") == null || table.get("id") == null) {
                    throw new MalformedChangeException(event.getSchema().getFullName() + " has a table change without an id");
                }
                tables.add(table.get("id").toString().replace("\"", ""));
            }
        }
        if (!(event.get("source") instanceof GenericRecord source) || event.get("ddl") == null) {
            throw new MalformedChangeException(event.getSchema().getFullName() + " has no source block or no statement");
        }
        return new DdlEvent(event.get("ddl").toString().trim(), Columns.optionalString(event, "databaseName"), tables,
                SourcePosition.of(source));
    }

    /** A record of Debezium's schema history topic: {"position": {"file", "pos", "snapshot"}, "ts_ms", "databaseName", "ddl", "tableChanges"}. */
    public static DdlEvent ofHistory(JsonNode record) {
        if (!record.hasNonNull("ddl")) {
            throw new MalformedChangeException("not a Debezium schema history record: no ddl");
        }
        List<String> tables = new ArrayList<>();
        record.path("tableChanges").forEach(change -> tables.add(change.path("id").asText().replace("\"", "")));
        JsonNode position = record.path("position");
        SourcePosition source = new SourcePosition(position.path("file").asText(""), position.path("pos").asLong(), 0,
                Instant.ofEpochMilli(record.path("ts_ms").asLong(position.path("ts_sec").asLong() * 1000)),
                position.path("snapshot").asBoolean(false));
        return new DdlEvent(record.path("ddl").asText().trim(), record.path("databaseName").asText(null), tables, source);
    }

    /** True when the statement names {@code table} ("flights.passenger"), as a table change or in its text. */
    public boolean touches(String table) {
        if (tables.contains(table)) {
            return true;
        }
        String name = table.substring(table.indexOf('.') + 1);
        return ddl.matches("(?is).*\\b`?" + Pattern.quote(name) + "`?\\b.*");
    }
}
