package dev.flightdeck.seats;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Where the next page of a search starts, handed to the client as an opaque token: the last flight
 * id of the page, so that the next page reads each store from there on. Opaque so that what it
 * holds can change without breaking clients that pass it back as given.
 */
final class SearchCursor {

    private static final String PREFIX = "after:";

    private SearchCursor() {
    }

    static String after(long flightId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((PREFIX + flightId).getBytes(StandardCharsets.US_ASCII));
    }

    /** The flight id a cursor continues after; IllegalArgumentException for one this API did not give out. */
    static long read(String cursor) {
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not base64", e);
        }
        if (!text.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not a search cursor");
        }
        try {
            long id = Long.parseLong(text.substring(PREFIX.length()));
            if (id < 0) {
                throw new IllegalArgumentException("negative flight id");
            }
            return id;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a search cursor", e);
        }
    }
}
