package dev.flightdeck.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * The registry enforces BACKWARD compatibility (a consumer on the new schema reads data written
 * with the old one); this catches a breaking change in a pull request, before a deploy is refused.
 * Every released version of a schema is kept in src/test/resources/released.
 */
class SchemaCompatibilityTest {

    static Stream<Path> releasedVersions() throws IOException {
        return Files.list(Path.of("src/test/resources/released")).sorted();
    }

    @ParameterizedTest
    @MethodSource("releasedVersions")
    void shouldReadEveryReleasedVersionWithTheCurrentSchema(Path released) throws IOException {
        Schema writer = new Schema.Parser().parse(released.toFile());
        Schema reader = current(released.getFileName().toString().replaceFirst("-v\\d+\\.avsc$", ".avsc"));
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getType())
                .as("%s must be readable with the current schema", released)
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    @Test
    void shouldRejectARequiredFieldAddedWithoutADefault() {
        Schema current = FlightAvailability.getClassSchema();
        Schema breaking = SchemaBuilder.record(current.getName()).namespace(current.getNamespace()).fields()
                .requiredLong("flightId").requiredString("gate").endRecord();
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(breaking, current).getType())
                .as("the check itself must catch a break").isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
    }

    @Test
    void shouldDocumentEveryField() {
        for (Schema schema : java.util.List.of(FlightAvailability.getClassSchema(), Anomaly.getClassSchema())) {
            for (Schema.Field field : schema.getFields()) {
                assertThat(field.doc()).as(schema.getName() + "." + field.name()).isNotBlank();
            }
        }
    }

    private static Schema current(String file) throws IOException {
        try (InputStream in = Files.newInputStream(Path.of("src/main/avro", file))) {
            return new Schema.Parser().parse(in);
        }
    }

}
