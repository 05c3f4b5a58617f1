package dev.flightdeck.clients;

/** The {@code sasl.jaas.config} of a Kafka client logging in with SCRAM, one way for every client that builds one. */
public final class ScramLogin {

    private ScramLogin() {
    }

    /** {@code password} may be the password or a config provider reference to it, e.g. {@code ${dir:/path:file}}. */
    public static String jaasConfig(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }
}
