package dev.flightdeck.registry.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.apicurio.registry.resolver.SchemaLookupResult;
import io.apicurio.registry.resolver.SchemaParser;
import io.apicurio.registry.resolver.SchemaResolver;
import io.apicurio.registry.resolver.data.Record;
import io.apicurio.registry.resolver.strategy.ArtifactReference;
import io.apicurio.registry.resolver.strategy.ArtifactReferenceResolverStrategy;
import io.apicurio.registry.rest.client.RegistryClient;
import io.apicurio.registry.serde.data.KafkaSerdeMetadata;
import io.apicurio.registry.serde.data.KafkaSerdeRecord;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.junit.jupiter.api.Test;

class SchemaLookupPerInstanceTest {

    /** Stands in for the registry's resolver: hands out a new content id per call and notes each call. */
    private static final class Registry implements SchemaResolver<Schema, Object> {
        final List<String> asked = new ArrayList<>();

        @Override
        public SchemaLookupResult<Schema> resolveSchema(Record<Object> record) {
            KafkaSerdeMetadata kafka = (KafkaSerdeMetadata) record.metadata();
            asked.add(kafka.getTopic() + (kafka.isKey() ? "-key" : "-value"));
            return SchemaLookupResult.<Schema>builder().contentId(asked.size()).build();
        }

        @Override
        public void setClient(RegistryClient client) {
        }

        @Override
        public void setArtifactResolverStrategy(ArtifactReferenceResolverStrategy<Schema, Object> strategy) {
        }

        @Override
        public SchemaParser<Schema, Object> getSchemaParser() {
            return null;
        }

        @Override
        public SchemaLookupResult<Schema> resolveSchemaByArtifactReference(ArtifactReference reference) {
            return null;
        }

        @Override
        public void reset() {
        }

        @Override
        public void close() {
        }
    }

    private static Schema flight() {
        return SchemaBuilder.record("Flight").fields().requiredLong("id").requiredInt("seats").endRecord();
    }

    private static Record<Object> record(String topic, boolean isKey, Object payload) {
        return new KafkaSerdeRecord<>(new KafkaSerdeMetadata(topic, isKey, null), payload);
    }

    private static GenericData.Record flight(Schema schema, long id) {
        GenericData.Record flight = new GenericData.Record(schema);
        flight.put("id", id);
        flight.put("seats", 150);
        return flight;
    }

    @Test
    void asksTheRegistryOncePerTopicSideAndSchemaInstance() {
        Registry registry = new Registry();
        SchemaLookupPerInstance<Object> lookup = new SchemaLookupPerInstance<>(registry);
        Schema schema = flight();

        long first = lookup.resolveSchema(record("cdc.flights.flight", false, flight(schema, 1))).getContentId();
        long again = lookup.resolveSchema(record("cdc.flights.flight", false, flight(schema, 2))).getContentId();
        lookup.resolveSchema(record("cdc.flights.flight", true, flight(schema, 3)));
        lookup.resolveSchema(record("other", false, flight(schema, 4)));

        assertThat(again).isEqualTo(first);
        assertThat(registry.asked).containsExactly("cdc.flights.flight-value", "cdc.flights.flight-key", "other-value");
    }

    @Test
    void anEqualButSeparateSchemaInstanceIsAskedFor() {
        Registry registry = new Registry();
        SchemaLookupPerInstance<Object> lookup = new SchemaLookupPerInstance<>(registry);

        lookup.resolveSchema(record("t", false, flight(flight(), 1)));
        lookup.resolveSchema(record("t", false, flight(flight(), 2)));

        assertThat(registry.asked).hasSize(2);
    }

    @Test
    void payloadsWithoutASchemaAreAskedForEveryTime() {
        Registry registry = new Registry();
        SchemaLookupPerInstance<Object> lookup = new SchemaLookupPerInstance<>(registry);

        lookup.resolveSchema(record("t", false, "a string"));
        lookup.resolveSchema(record("t", false, "a string"));

        assertThat(registry.asked).hasSize(2);
    }

    @Test
    void startsOverInsteadOfGrowingWhenSchemasAreNotReused() {
        Registry registry = new Registry();
        SchemaLookupPerInstance<Object> lookup = new SchemaLookupPerInstance<>(registry);
        Schema kept = flight();
        lookup.resolveSchema(record("t", false, flight(kept, 1)));
        for (int i = 0; i < SchemaLookupPerInstance.MAX_SCHEMAS; i++) {
            lookup.resolveSchema(record("t", false, flight(flight(), i)));
        }
        int before = registry.asked.size();

        lookup.resolveSchema(record("t", false, flight(kept, 2)));

        assertThat(registry.asked).hasSize(before + 1); // forgotten with the rest when the map started over
    }
}
