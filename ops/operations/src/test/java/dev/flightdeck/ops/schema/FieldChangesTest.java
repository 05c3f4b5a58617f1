package dev.flightdeck.ops.schema;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.junit.jupiter.api.Test;

/** Column-level changes between two row schemas, and the advice for those old records cannot be read under. */
class FieldChangesTest {

    private static final Schema BEFORE = SchemaBuilder.struct().name("cdc.flights.passenger.Value")
            .field("id", Schema.INT64_SCHEMA)
            .field("last_name", Schema.STRING_SCHEMA)
            .field("phone", Schema.OPTIONAL_STRING_SCHEMA)
            .build();

    @Test
    void shouldAdviseADefaultForANewNotNullColumn() {
        Schema after = SchemaBuilder.struct().field("id", Schema.INT64_SCHEMA).field("last_name", Schema.STRING_SCHEMA)
                .field("phone", Schema.OPTIONAL_STRING_SCHEMA).field("tier", Schema.INT32_SCHEMA).build();

        assertThat(FieldChanges.between(BEFORE, after)).containsExactly("added column tier (int32, NOT NULL)");
        assertThat(FieldChanges.advice("flights.passenger", BEFORE, after)).first().asString()
                .startsWith("column tier is NOT NULL without a DEFAULT");
    }

    @Test
    void shouldTellARenameOfANotNullColumnAndAdviseExpandAndContract() {
        Schema after = SchemaBuilder.struct().field("id", Schema.INT64_SCHEMA).field("family_name", Schema.STRING_SCHEMA)
                .field("phone", Schema.OPTIONAL_STRING_SCHEMA).build();

        assertThat(FieldChanges.between(BEFORE, after))
                .containsExactly("added column family_name (string, NOT NULL)", "removed column last_name");
        assertThat(FieldChanges.advice("flights.passenger", BEFORE, after)).first().asString()
                .contains("looks like a rename of last_name", "expand and contract");
    }

    @Test
    void shouldAdviseADefaultWhenANullableColumnBecomesNotNull() {
        Schema after = SchemaBuilder.struct().field("id", Schema.INT64_SCHEMA).field("last_name", Schema.STRING_SCHEMA)
                .field("phone", Schema.STRING_SCHEMA).build();

        assertThat(FieldChanges.between(BEFORE, after)).containsExactly("phone: string, nullable → string, NOT NULL");
        assertThat(FieldChanges.advice("flights.passenger", BEFORE, after)).first().asString()
                .startsWith("column phone goes from NULL to NOT NULL without a DEFAULT");
        assertThat(FieldChanges.advice("flights.passenger", BEFORE, after)).last().asString()
                .contains("flightdeck schema allow flights.passenger");
    }

    @Test
    void shouldGiveNoAdviceButTheEscapeHatchForAChangeOldRecordsSurvive() {
        Schema after = SchemaBuilder.struct().field("id", Schema.INT64_SCHEMA).field("last_name", Schema.STRING_SCHEMA).build();

        assertThat(FieldChanges.between(BEFORE, after)).containsExactly("removed column phone");
        assertThat(FieldChanges.advice("flights.passenger", BEFORE, after)).hasSize(1);
    }
}
