package dev.flightdeck.ops.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flightdeck.clients.registry.RegistryClient;
import io.apicurio.registry.utils.converter.avro.AvroData;
import io.apicurio.registry.utils.converter.avro.AvroDataConfig;
import io.debezium.config.Configuration;
import io.debezium.connector.mysql.MySqlConnectorConfig;
import io.debezium.connector.mysql.antlr.MySqlAntlrDdlParser;
import io.debezium.connector.mysql.jdbc.MySqlDefaultValueConverter;
import io.debezium.connector.mysql.jdbc.MySqlValueConverters;
import io.debezium.relational.CustomConverterRegistry;
import io.debezium.relational.Table;
import io.debezium.relational.TableId;
import io.debezium.relational.TableSchema;
import io.debezium.relational.TableSchemaBuilder;
import io.debezium.relational.Tables;
import io.debezium.relational.mapping.ColumnMappers;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.connect.data.SchemaBuilder;

/**
 * Predicts, before a DDL statement runs, whether the registry will accept the schema Debezium will
 * register for the table after it: Debezium's own DDL parser applies the statement to the
 * table's current definition (SHOW CREATE TABLE), Debezium's schema builder makes the row schema
 * with the running connector's settings, Apicurio's converter turns it into Avro as the Connect
 * converter would, and the registry's compatibility endpoint judges it against the subject's
 * latest version. Nothing is written: not to MySQL, not to the registry.
 */
public final class DdlPreflight {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A subject the statement changes, and the registry's verdict on its next schema. */
    public record SubjectVerdict(String subject, boolean newSubject, boolean compatible, List<String> registryMessages,
                                 List<String> fieldChanges, List<String> advice) {
    }

    /** The statement's effect: the tables it changes and, per subject, whether the registry accepts the change. */
    public record Verdict(String ddl, List<String> tablesChanged, List<SubjectVerdict> subjects) {
        public boolean accepted() {
            return subjects.stream().allMatch(SubjectVerdict::compatible);
        }
    }

    private final MySqlConnectorConfig connector;
    private final RegistryClient registry;

    /**
     * @param connectorConfig the running Debezium connector's config, as Connect holds it (its
     *                        converter, decimal, time and name-adjustment settings shape the schema)
     */
    public DdlPreflight(Map<String, String> connectorConfig, RegistryClient registry) {
        this.connector = new MySqlConnectorConfig(Configuration.from(connectorConfig));
        this.registry = registry;
    }

    public Verdict check(Connection mysql, String database, String ddl) throws SQLException {
        MySqlAntlrDdlParser parser = new MySqlAntlrDdlParser();
        parser.setCurrentDatabase(database);
        Tables tables = new Tables();
        try (Statement statement = mysql.createStatement();
             ResultSet names = statement.executeQuery("SHOW FULL TABLES FROM `" + database + "` WHERE Table_type = 'BASE TABLE'")) {
            List<String> creates = new ArrayList<>();
            while (names.next()) {
                try (Statement show = mysql.createStatement();
                     ResultSet create = show.executeQuery("SHOW CREATE TABLE `" + database + "`.`" + names.getString(1) + "`")) {
                    create.next();
                    creates.add(create.getString(2));
                }
            }
            creates.forEach(create -> parser.parse(create, tables));
        }
        Tables before = tables.clone();
        tables.drainChanges();
        parser.parse(ddl, tables);
        Set<TableId> changed = new TreeSet<>(java.util.Comparator.comparing(TableId::toString));
        changed.addAll(tables.drainChanges());
        List<SubjectVerdict> subjects = new ArrayList<>();
        for (TableId id : changed) {
            Table table = tables.forTable(id);
            if (table == null) {
                continue; // dropped: nothing new is registered
            }
            TableSchema next = schemaBuilder().create(connector.getTopicNamingStrategy(MySqlConnectorConfig.TOPIC_NAMING_STRATEGY),
                    table, connector.getColumnFilter(), ColumnMappers.create(connector), connector.getKeyMapper());
            Table old = before.forTable(id);
            TableSchema previous = old == null ? null : schemaBuilder().create(
                    connector.getTopicNamingStrategy(MySqlConnectorConfig.TOPIC_NAMING_STRATEGY), old, connector.getColumnFilter(),
                    ColumnMappers.create(connector), connector.getKeyMapper());
            String topic = connector.getLogicalName() + "." + id.catalog() + "." + id.table();
            String name = id.catalog() + "." + id.table();
            subjects.add(judge(name, topic + "-value", valueEnvelope(topic + "-value", next),
                    previous == null ? null : previous.valueSchema(), next.valueSchema()));
            if (next.keySchema() != null) {
                subjects.add(judge(name, topic + "-key", avro(next.keySchema()),
                        previous == null ? null : previous.keySchema(), next.keySchema()));
            }
        }
        return new Verdict(ddl, changed.stream().map(TableId::toString).toList(), subjects);
    }

    private TableSchemaBuilder schemaBuilder() {
        MySqlValueConverters converters = new MySqlValueConverters(connector.getDecimalMode(), connector.getTemporalPrecisionMode(),
                connector.getBigIntUnsignedHandlingMode().asBigIntUnsignedMode(), connector.binaryHandlingMode(),
                connector.isTimeAdjustedEnabled() ? MySqlValueConverters::adjustTemporal : x -> x,
                connector.getEventConvertingFailureHandlingMode(), connector.getServiceRegistry());
        // The envelope's source block is not judged here (it does not change with DDL): a bare one will do.
        org.apache.kafka.connect.data.Schema source = SchemaBuilder.struct().name("source").optional().build();
        return new TableSchemaBuilder(converters, new MySqlDefaultValueConverter(converters), connector.schemaNameAdjuster(),
                new CustomConverterRegistry(List.of()), source, connector.getFieldNamer(), false,
                connector.getEventConvertingFailureHandlingMode());
    }

    private static String avro(org.apache.kafka.connect.data.Schema connectSchema) {
        AvroData avroData = new AvroData(new AvroDataConfig.Builder().with(AvroDataConfig.CONNECT_META_DATA_CONFIG, true).build());
        return avroData.fromConnectSchema(connectSchema).toString();
    }

    /**
     * The subject's latest registered envelope with its row record ("Value", in before and after)
     * replaced by the next one: everything else in the envelope is untouched by DDL. Null for a
     * subject not registered yet.
     */
    private String valueEnvelope(String subject, TableSchema next) {
        var latest = registry.latestSchema(subject);
        if (latest.isEmpty()) {
            return null;
        }
        ObjectNode envelope = (ObjectNode) readJson(latest.get());
        JsonNode row = readJson(avro(next.valueSchema()));
        if (row.isArray()) { // an optional struct comes as ["null", {record}]: the envelope has the union already
            for (JsonNode branch : row) {
                if (branch.isObject()) {
                    row = branch;
                }
            }
        }
        for (JsonNode field : envelope.path("fields")) {
            if (field.path("name").asText().equals("before") && field.path("type").isArray()) {
                com.fasterxml.jackson.databind.node.ArrayNode union = (com.fasterxml.jackson.databind.node.ArrayNode) field.get("type");
                for (int i = 0; i < union.size(); i++) {
                    if (union.get(i).isObject()) {
                        union.set(i, row);
                    }
                }
            }
        }
        return envelope.toString();
    }

    private SubjectVerdict judge(String table, String subject, String schema, org.apache.kafka.connect.data.Schema previous,
                                 org.apache.kafka.connect.data.Schema next) {
        List<String> changes = FieldChanges.between(previous, next);
        if (schema == null || registry.latestSchema(subject).isEmpty()) {
            return new SubjectVerdict(subject, true, true, List.of(), changes, List.of());
        }
        RegistryClient.Compatibility verdict = registry.compatibility(subject, schema);
        return new SubjectVerdict(subject, false, verdict.compatible(), verdict.messages(), changes,
                verdict.compatible() ? List.of() : FieldChanges.advice(table, previous, next));
    }

    private static JsonNode readJson(String text) {
        try {
            return JSON.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("not a JSON schema: " + e.getMessage(), e);
        }
    }
}
