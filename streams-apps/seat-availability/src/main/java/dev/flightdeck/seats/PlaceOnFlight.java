package dev.flightdeck.seats;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.flightdeck.cdc.SourcePosition;
import dev.flightdeck.cdc.flights.BookingStatus;
import dev.flightdeck.cdc.flights.Cabin;

/**
 * A booking as one flight knows it (store {@code flight-places}, key {@link FlightPlaces#key}):
 * its place, or null once it left the flight (moved away or deleted), and the binlog position of
 * the change that said so. A change at or before that position is a duplicate or a stale
 * redelivery and changes nothing; keeping the entry after the booking left is what lets a late
 * copy of an older change be told apart from a new one.
 *
 * @param position null in entries written by versions that kept positions elsewhere: any change is newer
 */
record PlaceOnFlight(BookingPlace place, SourcePosition position) {

    /** Whether a change at {@code change} (null: from an earlier version, already de-duplicated) is new here. */
    boolean olderThan(SourcePosition change) {
        return change == null || change.isAfter(position);
    }

    /** Reads what is stored: this record, or the bare place (cabin, status, seat) earlier versions stored. */
    @JsonCreator
    static PlaceOnFlight fromJson(@JsonProperty("place") BookingPlace place, @JsonProperty("position") SourcePosition position,
                                  @JsonProperty("cabin") Cabin cabin, @JsonProperty("status") BookingStatus status,
                                  @JsonProperty("seatNo") String seatNo) {
        return place == null && status != null ? new PlaceOnFlight(new BookingPlace(cabin, status, seatNo), null)
                : new PlaceOnFlight(place, position);
    }
}
