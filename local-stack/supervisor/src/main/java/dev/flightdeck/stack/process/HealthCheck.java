package dev.flightdeck.stack.process;


/** One probe of a service's health: true when it serves requests; an exception says why not yet. */
@FunctionalInterface
public interface HealthCheck {
    boolean healthy() throws Exception;
}
