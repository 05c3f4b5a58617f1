package dev.flightdeck.clients;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** A user name and password for HTTP Basic authentication; {@link #toString} never shows the password. */
public record BasicCredentials(String user, String password) {

    public BasicCredentials {
        if (user == null || user.isBlank() || user.contains(":")) {
            throw new IllegalArgumentException("a Basic authentication user must be non-empty and without ':'");
        }
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("the password of " + user + " is empty");
        }
    }

    /** The value of an {@code Authorization} header. */
    public String authorizationHeader() {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "BasicCredentials[" + user + "]";
    }
}
