package dev.flightdeck.cdc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;
import org.apache.avro.Schema;
import org.apache.avro.SystemLimitException;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;

/**
 * Decodes the Confluent wire format as any Confluent client does: magic byte 0, a 4-byte
 * big-endian schema id, then Avro binary written with that schema. Writer schemas are looked up
 * once per id (they never change under an id) and cached.
 */
public final class ConfluentAvroDecoder {

    /** A decoded value (a record, or a primitive such as a long key) and the id of its writer schema. */
    public record Decoded(int schemaId, Schema schema, Object datum) {
        public GenericRecord record() {
            if (datum instanceof GenericRecord record) {
                return record;
            }
            throw new InvalidWireFormatException("schema " + schemaId + " is a " + schema.getType() + ", not a record");
        }
    }

    static final byte MAGIC_BYTE = 0;
    static final int HEADER_LENGTH = 5;

    private final IntFunction<Schema> schemaById;
    private final Map<Integer, Schema> schemas = new ConcurrentHashMap<>();
    private final Map<Integer, GenericDatumReader<Object>> readers = new ConcurrentHashMap<>();

    /**
     * @param schemaById the writer schema for an id, e.g. from the registry's Confluent API; it
     *                   throws {@link InvalidWireFormatException} for an id the registry does not
     *                   know and {@link RegistryUnavailableException} when it cannot ask
     */
    public ConfluentAvroDecoder(IntFunction<Schema> schemaById) {
        this.schemaById = schemaById;
    }

    /** The schema id in the header, without decoding the rest. */
    public static int schemaId(byte[] bytes) {
        checkHeader(bytes);
        return ByteBuffer.wrap(bytes, 1, 4).getInt();
    }

    public Decoded decode(byte[] bytes) {
        int id = schemaId(bytes);
        Schema schema = schemas.computeIfAbsent(id, schemaById::apply);
        GenericDatumReader<Object> reader = readers.computeIfAbsent(id, i -> new GenericDatumReader<>(schema));
        try {
            BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, HEADER_LENGTH, bytes.length - HEADER_LENGTH, null);
            Object datum = reader.read(null, decoder);
            if (!decoder.isEnd()) {
                throw new InvalidWireFormatException("bytes left over after decoding with schema " + id
                        + ": the record was not written with that schema");
            }
            return new Decoded(id, schema, datum);
        } catch (SystemLimitException e) {
            throw new InvalidWireFormatException("the record declares more than may be allocated for it (" + e.getMessage()
                    + ", see AvroLimits) under schema " + id + " (" + schema.getName() + "): corrupt or hostile bytes", e);
        } catch (IOException | RuntimeException e) {
            // Whatever Avro throws while reading bytes (EOF, a union or enum index out of range, a negative
            // length) is the bytes' fault.
            if (e instanceof InvalidWireFormatException invalid) {
                throw invalid;
            }
            throw new InvalidWireFormatException("bytes do not decode with schema " + id + " ("
                    + schema.getName() + "): " + e, e);
        }
    }

    private static void checkHeader(byte[] bytes) {
        if (bytes == null) {
            throw new InvalidWireFormatException("no bytes (a tombstone has no value to decode)");
        }
        if (bytes.length < HEADER_LENGTH) {
            throw new InvalidWireFormatException("only " + bytes.length + " bytes: shorter than the 5-byte Confluent header");
        }
        if (bytes[0] != MAGIC_BYTE) {
            throw new InvalidWireFormatException(String.format(
                    "first byte is 0x%02x, not the Confluent magic byte 0x00: not Confluent wire format", bytes[0]));
        }
    }
}
