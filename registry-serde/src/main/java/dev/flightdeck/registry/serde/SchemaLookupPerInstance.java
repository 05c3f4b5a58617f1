package dev.flightdeck.registry.serde;

import io.apicurio.registry.resolver.DefaultSchemaResolver;
import io.apicurio.registry.resolver.SchemaLookupResult;
import io.apicurio.registry.resolver.SchemaParser;
import io.apicurio.registry.resolver.SchemaResolver;
import io.apicurio.registry.resolver.data.Record;
import io.apicurio.registry.resolver.strategy.ArtifactReference;
import io.apicurio.registry.resolver.strategy.ArtifactReferenceResolverStrategy;
import io.apicurio.registry.rest.client.RegistryClient;
import io.apicurio.registry.serde.data.KafkaSerdeMetadata;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;

/**
 * Apicurio's schema resolver, asked once per topic and schema instead of once per record. With
 * auto-registration Apicurio's resolver prints the record's whole schema to a string on every
 * record to find it in its cache, which costs more than encoding the record. The registry's
 * answer for a schema (its content id) never changes, so it is kept per schema instance: one per
 * generated class, and one per Connect schema behind Connect's converter (its AvroData caches
 * the Avro schema of each Connect schema).
 *
 * <p>For Connect: {@code key.converter.apicurio.registry.schema-resolver} and the same for
 * {@code value.converter}, naming this class.
 */
public final class SchemaLookupPerInstance<D> implements SchemaResolver<Schema, D> {

    /** More schema instances than this means they are not being reused; the map starts over rather than grow. */
    static final int MAX_SCHEMAS = 1_000;

    private record Key(String topic, boolean isKey, Schema schema) {
        // Schema instances compare by identity here: equals() on a schema walks the whole schema.
        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && key.topic.equals(topic) && key.isKey == isKey && key.schema == schema;
        }

        @Override
        public int hashCode() {
            return topic.hashCode() * 31 + System.identityHashCode(schema) + (isKey ? 1 : 0);
        }
    }

    private final SchemaResolver<Schema, D> registry;
    private final Map<Key, SchemaLookupResult<Schema>> found = new ConcurrentHashMap<>();

    /** Public, without arguments: Apicurio instantiates the class named in its configuration. */
    public SchemaLookupPerInstance() {
        this(new DefaultSchemaResolver<>());
    }

    SchemaLookupPerInstance(SchemaResolver<Schema, D> registry) {
        this.registry = registry;
    }

    @Override
    public SchemaLookupResult<Schema> resolveSchema(Record<D> record) {
        if (!(record.payload() instanceof GenericContainer container) || !(record.metadata() instanceof KafkaSerdeMetadata kafka)) {
            return registry.resolveSchema(record);
        }
        Key key = new Key(kafka.getTopic(), kafka.isKey(), container.getSchema());
        SchemaLookupResult<Schema> known = found.get(key);
        if (known != null) {
            return known;
        }
        SchemaLookupResult<Schema> resolved = registry.resolveSchema(record); // may register: not under the map's lock
        if (found.size() >= MAX_SCHEMAS) {
            found.clear();
        }
        found.put(key, resolved);
        return resolved;
    }

    @Override
    public void configure(Map<String, ?> configs, SchemaParser<Schema, D> schemaParser) {
        registry.configure(configs, schemaParser);
    }

    @Override
    public void setClient(RegistryClient client) {
        registry.setClient(client);
    }

    @Override
    public void setArtifactResolverStrategy(ArtifactReferenceResolverStrategy<Schema, D> strategy) {
        registry.setArtifactResolverStrategy(strategy);
    }

    @Override
    public SchemaParser<Schema, D> getSchemaParser() {
        return registry.getSchemaParser();
    }

    @Override
    public SchemaLookupResult<Schema> resolveSchemaByArtifactReference(ArtifactReference reference) {
        return registry.resolveSchemaByArtifactReference(reference);
    }

    @Override
    public void reset() {
        found.clear();
        registry.reset();
    }

    @Override
    public void close() throws IOException {
        registry.close();
    }
}
