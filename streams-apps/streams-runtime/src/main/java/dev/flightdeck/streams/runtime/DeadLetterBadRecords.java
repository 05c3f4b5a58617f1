package dev.flightdeck.streams.runtime;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Both Streams apps' error handlers: a record that cannot be processed goes to the dead-letter
 * topic with the reason (Kafka Streams' own handlers write it) and processing goes on; a failure
 * that is not the record's fault fails the task instead, so that the record is not skipped.
 */
public final class DeadLetterBadRecords {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterBadRecords.class);

    private DeadLetterBadRecords() {
    }

    /** For exceptions thrown while processing a record. */
    public static final class Processing extends LogAndContinueProcessingExceptionHandler {
        @Override
        public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
            if (FailureKind.of(exception) == FailureKind.TRANSIENT) {
                log.warn("{} at {}-{} offset {}: not the record's fault; failing the task to process it again: {}",
                        context.processorNodeId(), context.topic(), context.partition(), context.offset(), exception.toString());
                return Response.fail();
            }
            return super.handleError(context, record, exception);
        }
    }

    /** For exceptions thrown while deserializing a record's key or value. */
    public static final class Deserialization extends LogAndContinueExceptionHandler {
        @Override
        public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
            if (FailureKind.of(exception) == FailureKind.TRANSIENT) {
                log.warn("{}-{} offset {}: cannot deserialize for a reason not the record's; failing the task to read it again: {}",
                        record.topic(), record.partition(), record.offset(), exception.toString());
                return Response.fail();
            }
            return super.handleError(context, record, exception);
        }
    }
}
