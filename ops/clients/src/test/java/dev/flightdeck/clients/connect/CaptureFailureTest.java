package dev.flightdeck.clients.connect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Reading a failed Connect task's trace: the first line and causes as Connect 4.3 reported them on this stack. */
class CaptureFailureTest {

    private static final String REFUSED = """
            org.apache.kafka.connect.errors.ConnectException: Tolerance exceeded in error handler
            \tat org.apache.kafka.connect.runtime.errors.RetryWithToleranceOperator.execAndHandleError(RetryWithToleranceOperator.java:259)
            \tat org.apache.kafka.connect.runtime.AbstractWorkerSourceTask.convertTransformedRecord(AbstractWorkerSourceTask.java:511)
            Caused by: io.apicurio.registry.rest.client.exception.RuleViolationException: Incompatible artifact: \
            cdc.flights.ddl_refused-value [AVRO], num of incompatible diffs: {2}, list of diff types: [reader union lacking writer \
            type: RECORD at /fields/1/type/1, reader union lacking writer type: RECORD at /fields/0/type/1]
            \tat io.apicurio.registry.rest.client.impl.ErrorHandler.handleErrorResponse(ErrorHandler.java:64)
            """;

    @Test
    void shouldNameTheSubjectTableAndReasonWhenTheRegistryRefusedASchema() {
        CaptureFailure failure = CaptureFailure.of(REFUSED);

        assertThat(failure.exception()).isEqualTo("org.apache.kafka.connect.errors.ConnectException: Tolerance exceeded in error handler");
        assertThat(failure.subject()).isEqualTo("cdc.flights.ddl_refused-value");
        assertThat(failure.table()).isEqualTo("flights.ddl_refused");
        assertThat(failure.registryReason()).startsWith("Incompatible artifact: cdc.flights.ddl_refused-value [AVRO]");
        assertThat(failure.plainWords()).startsWith("the schema registry refused the new schema of cdc.flights.ddl_refused-value");
    }

    @Test
    void shouldGiveTheFirstLineAndTheRootCauseForOtherFailures() {
        CaptureFailure failure = CaptureFailure.of("""
                org.apache.kafka.connect.errors.ConnectException: An exception occurred in the change event producer.
                Caused by: java.sql.SQLException: Access denied for user 'flightdeck_cdc'@'localhost' (using password: YES)
                """);

        assertThat(failure.subject()).isNull();
        assertThat(failure.table()).isNull();
        assertThat(failure.registryReason()).isNull();
        assertThat(failure.plainWords()).isEqualTo(
                "org.apache.kafka.connect.errors.ConnectException: An exception occurred in the change event producer."
                        + " (caused by java.sql.SQLException: Access denied for user 'flightdeck_cdc'@'localhost' (using password: YES))");
    }
}
