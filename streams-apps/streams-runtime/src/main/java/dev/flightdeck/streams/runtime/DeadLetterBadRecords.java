package dev.flightdeck.streams.runtime;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Both Streams apps' error handlers, by {@link FailureKind}: a bad record goes to the dead-letter
 * topic with the reason in its headers (Kafka Streams' own handlers write it), is counted, and
 * processing goes on; an outage fails the task, which resumes from its last commit; any other
 * failure (a bug, a record only a newer build reads) fails the task too, logged with its stack
 * trace, and is never dead-lettered: the bounded thread replacements then stop the app.
 */
public final class DeadLetterBadRecords {

    /**
     * The Kafka Streams setting through which the app hands its meter registry to the handlers
     * (Kafka Streams creates them); without it they count into a registry nobody reads.
     */
    public static final String METER_REGISTRY_CONFIG = "flightdeck.meter.registry";
    /** Records sent to a dead-letter topic, tagged with that topic ({@code dlq}) and the one they came from. */
    public static final String DEAD_LETTERS_METRIC = "flightdeck.dead.letters";

    private static final Logger log = LoggerFactory.getLogger(DeadLetterBadRecords.class);

    private DeadLetterBadRecords() {
    }

    /** For exceptions thrown while processing a record. */
    public static final class Processing extends LogAndContinueProcessingExceptionHandler {
        private final Counting counting = new Counting();

        @Override
        public void configure(Map<String, ?> configs) {
            super.configure(configs);
            counting.configure(configs);
        }

        @Override
        public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
            String where = context.processorNodeId() + " at " + context.topic() + "-" + context.partition() + " offset " + context.offset();
            return switch (FailureKind.whileProcessing(exception)) {
                case TRANSIENT -> {
                    log.warn("{}: not the record's fault; failing the task to process it again: {}", where, exception.toString());
                    yield Response.fail();
                }
                case FAILURE -> {
                    log.error("{}: processing failed for a reason that is not the record's, so it is not dead-lettered; "
                            + "failing the task (a bug, or a record only a newer build reads)", where, exception);
                    yield Response.fail();
                }
                case BAD_RECORD -> {
                    counting.deadLettered(context.topic());
                    yield super.handleError(context, record, exception);
                }
            };
        }
    }

    /** For exceptions thrown while deserializing a record's key or value. */
    public static final class Deserialization extends LogAndContinueExceptionHandler {
        private final Counting counting = new Counting();

        @Override
        public void configure(Map<String, ?> configs) {
            super.configure(configs);
            counting.configure(configs);
        }

        @Override
        public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
            String where = record.topic() + "-" + record.partition() + " offset " + record.offset();
            return switch (FailureKind.whileDeserializing(exception)) {
                case TRANSIENT -> {
                    log.warn("{}: cannot deserialize for a reason not the record's; failing the task to read it again: {}", where,
                            exception.toString());
                    yield Response.fail();
                }
                case FAILURE -> {
                    log.error("{}: deserializing failed for a reason that is not the record's, so it is not dead-lettered; "
                            + "failing the task (a bug, or a record only a newer build reads)", where, exception);
                    yield Response.fail();
                }
                case BAD_RECORD -> {
                    counting.deadLettered(record.topic());
                    yield super.handleError(context, record, exception);
                }
            };
        }
    }

    /** The dead-letter counter of one handler. */
    private static final class Counting {
        private MeterRegistry meters = new SimpleMeterRegistry();
        private String deadLetterTopic = "";

        void configure(Map<String, ?> configs) {
            if (configs.get(METER_REGISTRY_CONFIG) instanceof MeterRegistry registry) {
                meters = registry;
            }
            Object topic = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
            deadLetterTopic = topic == null ? "" : topic.toString();
            // Published at 0 from the start, so that the first dead letter is an increase Prometheus can see.
            meters.counter(DEAD_LETTERS_METRIC, "dlq", deadLetterTopic, "topic", "");
        }

        void deadLettered(String sourceTopic) {
            meters.counter(DEAD_LETTERS_METRIC, "dlq", deadLetterTopic, "topic", sourceTopic == null ? "" : sourceTopic).increment();
        }
    }
}
