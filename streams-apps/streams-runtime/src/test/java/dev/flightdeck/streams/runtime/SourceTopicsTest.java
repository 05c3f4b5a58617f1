package dev.flightdeck.streams.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.junit.jupiter.api.Test;

class SourceTopicsTest {

    @Test
    void shouldNameTheTopicsSourcesReadButNotOwnRepartitionsOrPatterns() {
        StreamsBuilder builder = new StreamsBuilder();
        Consumed<String, String> strings = Consumed.with(Serdes.String(), Serdes.String());
        builder.stream("cdc.flights.booking", strings)
                .selectKey((key, value) -> value)
                .groupByKey(Grouped.with("by-value", Serdes.String(), Serdes.String()))
                .count();
        builder.table("cdc.flights.flight", strings);
        builder.globalTable("cdc.flights.airport", strings);
        builder.stream(Pattern.compile(".*-dlq"), strings);

        assertThat(SourceTopics.of(builder.build()))
                .containsExactly("cdc.flights.airport", "cdc.flights.booking", "cdc.flights.flight");
    }
}
