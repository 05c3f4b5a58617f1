package dev.flightdeck.dashboards;

import java.nio.file.Path;

/** The checkout the tests read: the folder holding {@code dashboards/} (set by the build). */
final class Checkout {

    private Checkout() {
    }

    static Path root() {
        return Path.of(System.getProperty("flightdeck.checkout", "..")).toAbsolutePath().normalize();
    }
}
