package dev.flightdeck.cdc.testing;

import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;

/** Schema ids for tests that have no registry; ids are handed out like a registry's, one per distinct schema. */
public final class InMemorySchemaRegistry {

    private final Map<Integer, Schema> byId = new HashMap<>();
    private final Map<Schema, Integer> ids = new HashMap<>();

    public synchronized int register(Schema schema) {
        return ids.computeIfAbsent(schema, s -> {
            int id = byId.size() + 1;
            byId.put(id, s);
            return id;
        });
    }

    public synchronized Schema schema(int id) {
        Schema schema = byId.get(id);
        if (schema == null) {
            throw new IllegalArgumentException("no schema with id " + id);
        }
        return schema;
    }
}
