package dev.flightdeck.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.avro.SystemLimitException;
import org.junit.jupiter.api.Test;

/** The limits are in force in this JVM (the test fixtures apply them first, as the apps' mains do). */
class AvroLimitsTest {

    @Test
    void shouldBeInForceAsSystemPropertiesAndInAvro() {
        assertThat(System.getProperty(SystemLimitException.MAX_STRING_LENGTH_PROPERTY)).isEqualTo("4194304");
        assertThat(System.getProperty(SystemLimitException.MAX_BYTES_LENGTH_PROPERTY)).isEqualTo("4194304");
        assertThat(System.getProperty(SystemLimitException.MAX_COLLECTION_LENGTH_PROPERTY)).isEqualTo("100000");
        assertThat(SystemLimitException.checkMaxStringLength(AvroLimits.MAX_STRING_BYTES)).isEqualTo(AvroLimits.MAX_STRING_BYTES);
        assertThatThrownBy(() -> SystemLimitException.checkMaxStringLength(AvroLimits.MAX_STRING_BYTES + 1L))
                .isInstanceOf(SystemLimitException.class);
        assertThatThrownBy(() -> SystemLimitException.checkMaxCollectionLength(0, AvroLimits.MAX_COLLECTION_ITEMS + 1L))
                .isInstanceOf(SystemLimitException.class);
    }

    @Test
    void shouldAcceptBeingAppliedAgain() {
        assertThatCode(AvroLimits::applyToThisJvm).doesNotThrowAnyException();
    }
}
