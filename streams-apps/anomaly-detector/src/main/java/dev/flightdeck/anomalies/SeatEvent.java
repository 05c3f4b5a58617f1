package dev.flightdeck.anomalies;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * A booking taking or leaving a seat of a flight, as the seat router sends it to the flight's
 * partition. Written as one readable line ("taken|7|10A|1764064800000") in the repartition topic.
 *
 * @param commitMillis the source commit time of the booking change
 */
record SeatEvent(boolean taken, long bookingId, String seat, long commitMillis) {

    static final Serde<SeatEvent> SERDE = Serdes.serdeFrom(
            (topic, event) -> event == null ? null : event.line().getBytes(StandardCharsets.UTF_8),
            (topic, bytes) -> bytes == null ? null : parse(new String(bytes, StandardCharsets.UTF_8)));

    String line() {
        return (taken ? "taken" : "left") + "|" + bookingId + "|" + seat + "|" + commitMillis;
    }

    static SeatEvent parse(String line) {
        String[] parts = line.split("\\|", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not a seat event: " + line);
        }
        return new SeatEvent(parts[0].equals("taken"), Long.parseLong(parts[1]), parts[2], Long.parseLong(parts[3]));
    }
}
