package dev.flightdeck.cdc;

/** Bytes that are not a Confluent wire-format Avro record we can read; the message says why. */
public class InvalidWireFormatException extends RuntimeException {
    public InvalidWireFormatException(String message) {
        super(message);
    }

    public InvalidWireFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
