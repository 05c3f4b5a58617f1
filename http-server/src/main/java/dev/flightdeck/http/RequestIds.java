package dev.flightdeck.http;

import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/** Request ids: the client's own when it sent a sane one (a peer passing a request on), else a new random one. */
final class RequestIds {

    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private RequestIds() {
    }

    static String of(String offered) {
        if (offered != null && SANE.matcher(offered).matches()) {
            return offered;
        }
        return String.format("%016x", ThreadLocalRandom.current().nextLong());
    }
}
