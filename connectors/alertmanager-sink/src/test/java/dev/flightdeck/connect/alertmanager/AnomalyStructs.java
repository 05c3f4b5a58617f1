package dev.flightdeck.connect.alertmanager;

import dev.flightdeck.schemas.Anomaly;
import io.apicurio.registry.utils.converter.avro.AvroData;
import io.apicurio.registry.utils.converter.avro.AvroDataConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Records of the anomalies topic as the worker hands them to the sink: the anomaly detector's
 * Avro {@link Anomaly}, read back as a generic record and converted by the Apicurio converter's
 * {@link AvroData}, as the AvroConverter does; the key, the id, from the StringConverter.
 */
final class AnomalyStructs {

    static final String TOPIC = "anomalies";
    static final String OVERBOOKING_ID = "5d0f3b1c2a4e6f708192a3b4c5d6e7f8";
    static final String FAILED_ID = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";

    private static final AvroData AVRO_DATA = new AvroData(new AvroDataConfig(Map.of()));

    private AnomalyStructs() {
    }

    /** Flight 42's Y cabin over its allowance, as OverbookingDetector raises it. */
    static Anomaly.Builder overbooking(String id, Instant detectedAt) {
        return Anomaly.newBuilder().setId(id).setType("OVERBOOKING").setSeverity("CRITICAL")
                .setFlightId(42L).setCabin("Y").setRoute("FRA-LIS")
                .setObserved(153.0).setExpected(151.0)
                .setEvidence(List.of("held=3", "confirmed=150", "capacity=150", "flight-availability version 17"))
                .setExplanation("Flight FD42 (FRA-LIS) cabin Y has 153 seats held or confirmed for 150 seats; at most 151 are allowed "
                        + "(1.0 % overbooking)")
                .setSourceTimestamp(detectedAt.minusSeconds(2)).setDetectedAt(detectedAt);
    }

    /** The Debezium connector's task 0 failed on a DDL, as ConnectorWatch raises it. */
    static Anomaly.Builder connectorFailed(String id, Instant detectedAt) {
        return Anomaly.newBuilder().setId(id).setType("CONNECTOR_FAILED").setSeverity("CRITICAL")
                .setConnector("debezium-mysql-flights/0").setTable("flights.booking")
                .setEvidence(List.of("connector debezium-mysql-flights, task 0", "SchemaRegistryException"))
                .setExplanation("debezium-mysql-flights/0 FAILED: the registry refused the new schema of flights.booking")
                .setSourceTimestamp(detectedAt).setDetectedAt(detectedAt);
    }

    /** The recovery ConnectorWatch raises once the failed task runs again: its evidence names the failure's id. */
    static Anomaly.Builder connectorRecovered(String failedId, Instant detectedAt) {
        return Anomaly.newBuilder().setId("f" + failedId.substring(1)).setType("CONNECTOR_RECOVERED").setSeverity("INFO")
                .setConnector("debezium-mysql-flights/0")
                .setEvidence(List.of("recovers alert " + failedId))
                .setExplanation("debezium-mysql-flights/0 is RUNNING again")
                .setSourceTimestamp(detectedAt).setDetectedAt(detectedAt);
    }

    /** A record of the anomaly, keyed by its id. */
    static SinkRecord record(Anomaly anomaly, long offset) {
        SchemaAndValue value = AVRO_DATA.toConnectData(Anomaly.getClassSchema(), generic(anomaly));
        return new SinkRecord(TOPIC, 0, Schema.STRING_SCHEMA, anomaly.getId(), value.schema(), value.value(), offset);
    }

    /** No value: the anomaly with this id is withdrawn. */
    static SinkRecord tombstone(String anomalyId, long offset) {
        return new SinkRecord(TOPIC, 0, Schema.STRING_SCHEMA, anomalyId, null, null, offset);
    }

    /** The anomaly through its Avro binary form, read back as the converter's deserializer reads it (strings as Utf8). */
    private static GenericRecord generic(Anomaly anomaly) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
            new SpecificDatumWriter<>(Anomaly.class).write(anomaly, encoder);
            encoder.flush();
            return new GenericDatumReader<GenericRecord>(Anomaly.getClassSchema())
                    .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
