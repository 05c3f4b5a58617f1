package dev.flightdeck.stack.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogQueryTest {

    private static final Instant NOW = Instant.parse("2026-12-04T13:40:00Z");

    private static LogRecord at(String time, String logger, String message) {
        return new LogRecord(time == null ? null : Instant.parse(time), "search-service", "INFO", logger, message, null);
    }

    @Test
    void shouldTakeSinceAsADurationBackFromNowOrAsAnInstant() {
        assertThat(LogQuery.since("5m", NOW)).isEqualTo(Instant.parse("2026-12-04T13:35:00Z"));
        assertThat(LogQuery.since("30s", NOW)).isEqualTo(Instant.parse("2026-12-04T13:39:30Z"));
        assertThat(LogQuery.since("2h", NOW)).isEqualTo(Instant.parse("2026-12-04T11:40:00Z"));
        assertThat(LogQuery.since("PT90S", NOW)).isEqualTo(Instant.parse("2026-12-04T13:38:30Z"));
        assertThat(LogQuery.since("2026-12-04T13:01:39.219Z", NOW)).isEqualTo(Instant.parse("2026-12-04T13:01:39.219Z"));
        assertThat(LogQuery.since("2026-12-04T14:01:39+01:00", NOW)).isEqualTo(Instant.parse("2026-12-04T13:01:39Z"));
    }

    @Test
    void shouldSayWhatSinceTakesWhenItIsNeither() {
        assertThatThrownBy(() -> LogQuery.since("5 minutes", NOW)).hasMessage(
                "--since 5 minutes is neither a duration (30s, 5m, 2h, 1h30m) nor an instant (2026-12-04T13:00:00Z)");
        assertThatThrownBy(() -> LogQuery.since("2026-12-04T13:00", NOW)).hasMessageContaining("is not an instant");
        assertThatThrownBy(() -> LogQuery.grep("seat[")).hasMessageStartingWith("--grep seat[ is not a regular expression");
    }

    @Test
    void shouldGrepTheMessageAndTheLoggerIgnoringCase() {
        LogQuery query = new LogQuery(null, LogQuery.grep("airport|timed out"), null);

        assertThat(query.select(List.of(
                at("2026-12-04T13:01:00Z", "dev.flightdeck.search.AirportDirectory", "caught up: 80 entries"),
                at("2026-12-04T13:01:01Z", "dev.flightdeck.search.SearchApi", "Search TIMED OUT after 2 s"),
                at("2026-12-04T13:01:02Z", "dev.flightdeck.search.SearchApi", "200 GET /flights"))))
                .extracting(LogRecord::message).containsExactly("caught up: 80 entries", "Search TIMED OUT after 2 s");
    }

    @Test
    void shouldKeepRecordsSinceATimeWithTheUntimedOnesThatFollowThem() {
        LogQuery query = new LogQuery(Instant.parse("2026-12-04T13:01:00Z"), null, null);

        assertThat(query.select(List.of(
                at(null, "x", "before anything"),
                at("2026-12-04T13:00:59Z", "x", "too early"),
                at(null, "x", "follows too early"),
                at("2026-12-04T13:01:00Z", "x", "in time"),
                at(null, "x", "follows in time"))))
                .extracting(LogRecord::message).containsExactly("in time", "follows in time");
    }

    @Test
    void shouldKeepOnlyTheLastRecordsWithALimit() {
        LogQuery query = new LogQuery(null, null, 2);

        assertThat(query.select(List.of(at("2026-12-04T13:01:00Z", "x", "1"), at("2026-12-04T13:01:01Z", "x", "2"),
                at("2026-12-04T13:01:02Z", "x", "3")))).extracting(LogRecord::message).containsExactly("2", "3");
    }
}
