package dev.flightdeck.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FlightDatabaseTest {

    @Test
    void shouldRefuseAUrlThatNamesAnotherUser() {
        // The driver would silently log in as the URL's user instead of the one given.
        assertThatThrownBy(() -> FlightDatabase.dataSource("jdbc:mysql://127.0.0.1:3306/?user=root&useSSL=false",
                "flightdeck", "secret"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the JDBC URL says user=root but user flightdeck was given; remove user (and password) from the URL");
    }

    @Test
    void shouldAcceptAUrlThatNamesTheSameUser() {
        assertThat(FlightDatabase.dataSource("jdbc:mysql://127.0.0.1:3306/?user=root&password=", "root", "")).isNotNull();
    }

    @Test
    void shouldKeepPasswordsOutOfMessages() {
        assertThat(FlightDatabase.describe(FlightDatabase.dataSource(
                "jdbc:mysql://db:3306/flights?password=hunter2&useSSL=false", "app", "hunter2")))
                .isEqualTo("jdbc:mysql://db:3306/flights?password=***&useSSL=false as app");
    }
}
