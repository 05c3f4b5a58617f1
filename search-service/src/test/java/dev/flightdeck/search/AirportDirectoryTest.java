package dev.flightdeck.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flightdeck.cdc.Op;
import dev.flightdeck.cdc.flights.AirportChange;
import dev.flightdeck.cdc.flights.AirportRow;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AirportDirectoryTest {

    private static final AirportDirectory.Airport FRANKFURT = new AirportDirectory.Airport("FRA", "Frankfurt am Main", "Frankfurt", "DE");
    /** A city starting like FRA's code, with a code sorting before it. */
    private static final AirportDirectory.Airport FRANKLIN = new AirportDirectory.Airport("FKL", "Venango Regional", "Franklin", "US");
    /** Only a word of its name starts like FRA's code. */
    private static final AirportDirectory.Airport HAHN = new AirportDirectory.Airport("HHN", "Frankfurt-Hahn", "Lautzenhausen", "DE");
    private static final AirportDirectory.Airport HEATHROW = new AirportDirectory.Airport("LHR", "London Heathrow", "London", "GB");
    private static final AirportDirectory.Airport GATWICK = new AirportDirectory.Airport("LGW", "London Gatwick", "London", "GB");
    private static final AirportDirectory.Airport GUARULHOS = new AirportDirectory.Airport("GRU", "São Paulo–Guarulhos", "São Paulo", "BR");

    private static final AirportRow ZURICH_ROW = new AirportRow("ZRH", "Zürich", "Zürich", "CH", "Europe/Zurich");
    private static final AirportRow GATWICK_ROW = new AirportRow("LGW", "London Gatwick", "London", "GB", "Europe/London");

    private AirportDirectory airports;

    @BeforeEach
    void fill() {
        airports = AirportDirectory.of(List.of(FRANKFURT, FRANKLIN, HAHN, HEATHROW, GATWICK, GUARULHOS));
    }

    @Test
    void shouldCompleteCodeFirstThenCityThenName() {
        assertThat(airports.complete("fra", 10)).containsExactly(FRANKFURT, FRANKLIN, HAHN);
    }

    @Test
    void shouldCompleteByCodePrefixBeforeCity() {
        assertThat(airports.complete("L", 10)).containsExactly(GATWICK, HEATHROW, HAHN);
    }

    @Test
    void shouldCompleteByCityPrefix() {
        assertThat(airports.complete("lon", 10)).containsExactly(GATWICK, HEATHROW);
    }

    @Test
    void shouldCompleteByAWordOfTheName() {
        assertThat(airports.complete("main", 10)).containsExactly(FRANKFURT);
        assertThat(airports.complete("heath", 10)).containsExactly(HEATHROW);
    }

    @Test
    void shouldCompleteIgnoringAccents() {
        assertThat(airports.complete("sao", 10)).containsExactly(GUARULHOS);
        assertThat(airports.complete("São P", 10)).containsExactly(GUARULHOS);
        assertThat(airports.complete("guarulhos", 10)).containsExactly(GUARULHOS);
    }

    @Test
    void shouldCompleteNoMoreThanTheLimit() {
        assertThat(airports.complete("fra", 2)).containsExactly(FRANKFURT, FRANKLIN);
    }

    @Test
    void shouldCompleteNothingForABlankPrefix() {
        assertThat(airports.complete("  ", 10)).isEmpty();
    }

    @Test
    void shouldNotMatchInsideAWord() {
        assertThat(airports.complete("don", 10)).isEmpty();
    }

    @Test
    void shouldFoldCaseAccentsAndSeparators() {
        assertThat(AirportDirectory.fold("São Paulo–Guarulhos")).isEqualTo("sao paulo guarulhos");
        assertThat(AirportDirectory.fold("  Frankfurt-Hahn ")).isEqualTo("frankfurt hahn");
        assertThat(AirportDirectory.fold(null)).isEmpty();
    }

    @Test
    void shouldFindAnAirportByCodeInAnyCase() {
        assertThat(airports.airport("fra")).contains(FRANKFURT);
        assertThat(airports.airport("XXX")).isEmpty();
        assertThat(airports.airport(null)).isEmpty();
    }

    @Test
    void shouldGiveEveryAirportOfACity() {
        assertThat(airports.codesFor("london")).containsExactly("LGW", "LHR");
        assertThat(airports.codesFor("Sao Paulo")).containsExactly("GRU");
        assertThat(airports.codesFor("Atlantis")).isEmpty();
    }

    @Test
    void shouldAddACreatedAirport() {
        airports.apply(new AirportChange(Op.CREATE, null, ZURICH_ROW, null));

        assertThat(airports.airport("ZRH")).contains(new AirportDirectory.Airport("ZRH", "Zürich", "Zürich", "CH"));
        assertThat(airports.complete("zur", 10)).extracting(AirportDirectory.Airport::code).containsExactly("ZRH");
        assertThat(airports.size()).isEqualTo(7);
    }

    @Test
    void shouldAddAnAirportReadBySnapshot() {
        airports.apply(new AirportChange(Op.READ, null, ZURICH_ROW, null));

        assertThat(airports.airport("ZRH")).isPresent();
    }

    @Test
    void shouldReplaceAnUpdatedAirport() {
        AirportRow renamed = new AirportRow("LGW", "Gatwick", "Crawley", "GB", "Europe/London");

        airports.apply(new AirportChange(Op.UPDATE, GATWICK_ROW, renamed, null));

        assertThat(airports.airport("LGW")).contains(new AirportDirectory.Airport("LGW", "Gatwick", "Crawley", "GB"));
        assertThat(airports.codesFor("London")).containsExactly("LHR");
        assertThat(airports.size()).isEqualTo(6);
    }

    @Test
    void shouldDropTheOldCodeWhenAnUpdateChangesIt() {
        AirportRow recoded = new AirportRow("LGX", "London Gatwick", "London", "GB", "Europe/London");

        airports.apply(new AirportChange(Op.UPDATE, GATWICK_ROW, recoded, null));

        assertThat(airports.airport("LGW")).isEmpty();
        assertThat(airports.codesFor("London")).containsExactly("LGX", "LHR");
    }

    @Test
    void shouldRemoveADeletedAirport() {
        airports.apply(new AirportChange(Op.DELETE, GATWICK_ROW, null, null));

        assertThat(airports.airport("LGW")).isEmpty();
        assertThat(airports.codesFor("London")).containsExactly("LHR");
        assertThat(airports.size()).isEqualTo(5);
    }
}
