package dev.flightdeck.anomalies;

import dev.flightdeck.cdc.ConfluentAvroDecoder;
import dev.flightdeck.cdc.DdlEvent;
import dev.flightdeck.schemas.Anomaly;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Schema drift: DDL on a captured table, from Debezium's schema-change topic ({@code cdc}).
 * Additive changes (a new column, a new table, a widened type) are a warning; drops, renames and
 * other column changes are critical, since consumers reading the column break. The DDL of the
 * initial snapshot is not drift. Stateless: the id is the statement's binlog position, so a
 * replay gives the same alert id.
 */
final class SchemaDriftDetector implements Processor<byte[], byte[], String, Anomaly> {

    private static final Pattern BREAKING = Pattern.compile(
            "\\b(DROP\\s+(TABLE|COLUMN|PRIMARY|INDEX|KEY)|DROP\\s+`?\\w+`?\\s*(,|$)|RENAME|CHANGE\\s+(COLUMN\\s+)?`?\\w+|MODIFY|TRUNCATE)\\b",
            Pattern.CASE_INSENSITIVE);

    private final ConfluentAvroDecoder decoder;
    private final Alerts alerts;
    private ProcessorContext<String, Anomaly> context;

    SchemaDriftDetector(ConfluentAvroDecoder decoder, Alerts alerts) {
        this.decoder = decoder;
        this.alerts = alerts;
    }

    @Override
    public void init(ProcessorContext<String, Anomaly> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        if (record.value() == null) {
            return;
        }
        DdlEvent event = DdlEvent.of(decoder.decode(record.value()).record());
        if (event.source().snapshot()) {
            return;
        }
        String ddl = event.ddl();
        List<String> tables = event.tables();
        if (tables.isEmpty() && !ddl.toUpperCase(Locale.ROOT).startsWith("DROP") && !ddl.toUpperCase(Locale.ROOT).startsWith("TRUNCATE")) {
            return; // not about a table: CREATE DATABASE, SET, ...
        }
        boolean breaking = BREAKING.matcher(ddl).find();
        String severity = breaking ? Alerts.CRITICAL : Alerts.WARNING;
        String table = tables.isEmpty() ? event.database() + ".?" : String.join(",", tables);
        String id = Alerts.stableId(Alerts.SCHEMA_DRIFT, event.source().binlogFile(), event.source().binlogPosition(), ddl);
        String explanation = breaking
                ? "DDL on " + table + " drops, renames or changes existing columns: consumers of its CDC topic may break"
                : "DDL on " + table + " adds to its schema: consumers keep working, new columns appear in its CDC topic";
        long committed = event.source().commitTime().toEpochMilli();
        alerts.raise(context, record, alerts.begin(id, Alerts.SCHEMA_DRIFT, severity, committed, List.of(ddl), explanation)
                .setTable(table).build());
    }
}
