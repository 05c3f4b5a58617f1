package dev.flightdeck.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flightdeck.cdc.testing.CdcRecords;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.SystemLimitException;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

class ConfluentAvroDecoderTest {

    private static final Schema KEY = SchemaBuilder.record("Key").namespace("cdc.flights.booking")
            .fields().requiredLong("id").endRecord();

    private static byte[] wire(int schemaId, Schema schema, GenericRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(ByteBuffer.allocate(4).putInt(schemaId).array());
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    @Test
    void shouldDecodeWithTheWriterSchemaNamedInTheHeaderAndLookItUpOnce() throws IOException {
        AtomicInteger lookups = new AtomicInteger();
        ConfluentAvroDecoder decoder = new ConfluentAvroDecoder(id -> {
            lookups.incrementAndGet();
            assertThat(id).isEqualTo(42);
            return KEY;
        });
        GenericRecord key = new GenericData.Record(KEY);
        key.put("id", 7L);

        ConfluentAvroDecoder.Decoded first = decoder.decode(wire(42, KEY, key));
        key.put("id", 8L);
        ConfluentAvroDecoder.Decoded second = decoder.decode(wire(42, KEY, key));

        assertThat(first.schemaId()).isEqualTo(42);
        assertThat(first.record().get("id")).isEqualTo(7L);
        assertThat(second.record().get("id")).isEqualTo(8L);
        assertThat(lookups).hasValue(1);
    }

    @Test
    void shouldNameWhatIsWrongWithBytesThatAreNotConfluentAvro() throws IOException {
        ConfluentAvroDecoder decoder = new ConfluentAvroDecoder(id -> KEY);
        assertThatThrownBy(() -> decoder.decode("{\"id\":1}".getBytes()))
                .isInstanceOf(InvalidWireFormatException.class)
                .hasMessage("first byte is 0x7b, not the Confluent magic byte 0x00: not Confluent wire format");
        assertThatThrownBy(() -> decoder.decode(new byte[] {0, 0, 0}))
                .hasMessage("only 3 bytes: shorter than the 5-byte Confluent header");
        assertThatThrownBy(() -> decoder.decode(null)).hasMessageContaining("tombstone");

        GenericRecord key = new GenericData.Record(KEY);
        key.put("id", 7L);
        byte[] bytes = wire(42, KEY, key);
        byte[] withGarbage = ByteBuffer.allocate(bytes.length + 3).put(bytes).put(new byte[] {1, 2, 3}).array();
        assertThatThrownBy(() -> decoder.decode(withGarbage)).hasMessageContaining("bytes left over after decoding with schema 42");
    }

    @Test
    void shouldRefuseARecordThatDeclaresAHugeStringWithoutAllocatingIt() {
        CdcRecords cdc = new CdcRecords();
        byte[] hostile = cdc.bookingDeclaringAHugeString();

        assertThat(hostile).hasSizeLessThan(16);
        assertThatThrownBy(() -> cdc.decoder().decode(hostile))
                .isInstanceOf(InvalidWireFormatException.class)
                .hasMessageStartingWith("the record declares more than may be allocated for it (String length 2000000000 exceeds")
                .hasMessageContaining("corrupt or hostile bytes")
                .hasCauseInstanceOf(SystemLimitException.class);
    }

    @Test
    void shouldRefuseARecordThatDeclaresAHugeCollectionWithoutAllocatingIt() {
        CdcRecords cdc = new CdcRecords();

        assertThatThrownBy(() -> cdc.decoder().decode(cdc.schemaChangeDeclaringAHugeCollection()))
                .isInstanceOf(InvalidWireFormatException.class)
                .hasMessageContaining("Collection length 2000000000 exceeds the maximum allowed of " + AvroLimits.MAX_COLLECTION_ITEMS)
                .hasCauseInstanceOf(SystemLimitException.class);
    }

    @Test
    void shouldRefuseHugeBytesAndLengthsBeyondWhatJavaCanHold() throws IOException {
        Schema blob = SchemaBuilder.record("Blob").fields().requiredBytes("data").endRecord();
        ConfluentAvroDecoder decoder = new ConfluentAvroDecoder(id -> blob);

        assertThatThrownBy(() -> decoder.decode(declaring(5, 2_000_000_000L)))
                .isInstanceOf(InvalidWireFormatException.class).hasMessageContaining("Bytes length 2000000000 exceeds")
                .hasCauseInstanceOf(SystemLimitException.class);
        assertThatThrownBy(() -> decoder.decode(declaring(5, 5_000_000_000L)))
                .isInstanceOf(InvalidWireFormatException.class).hasMessageContaining("Cannot read arrays longer than");
        assertThatThrownBy(() -> decoder.decode(declaring(5, -3)))
                .isInstanceOf(InvalidWireFormatException.class).hasMessageContaining("Malformed data. Length is negative");
    }

    /** A header naming {@code schemaId} and a body that is one length (of the record's first field) and nothing more. */
    private static byte[] declaring(int schemaId, long length) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(ByteBuffer.allocate(4).putInt(schemaId).array());
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        encoder.writeLong(length);
        encoder.flush();
        return out.toByteArray();
    }
}
