package dev.flightdeck.anomalies;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * A record set aside in a dead-letter topic, as the headers of the one who set it aside say why:
 * Kafka Streams' ({@code __streams.errors.*}) or Kafka Connect's ({@code __connect.errors.*}, with
 * errors.deadletterqueue.context.headers.enable).
 *
 * @param deadLetterTopic where it was set aside, and its offset there
 * @param source          the topic, partition and offset it came from ("?" when the headers do not say)
 * @param reason          the exception and its message
 * @param at              the dead letter's timestamp
 */
record DeadLetter(String deadLetterTopic, long offset, String source, String reason, Instant at) {

    private static final int MAX_REASON = 300;

    /** Reads each dead letter, keyed by its dead-letter topic. The bytes themselves are never decoded: they are what failed. */
    static final class Reader implements Processor<byte[], byte[], String, DeadLetter> {
        private ProcessorContext<String, DeadLetter> context;

        @Override
        public void init(ProcessorContext<String, DeadLetter> context) {
            this.context = context;
        }

        @Override
        public void process(Record<byte[], byte[]> record) {
            RecordMetadata where = context.recordMetadata().orElseThrow();
            DeadLetter letter = of(where.topic(), where.offset(), record.headers(), Instant.ofEpochMilli(record.timestamp()));
            context.forward(new Record<>(where.topic(), letter, record.timestamp()));
        }
    }

    static DeadLetter of(String topic, long offset, Headers headers, Instant at) {
        String sourceTopic = first(headers, "__streams.errors.topic", "__connect.errors.topic");
        String partition = first(headers, "__streams.errors.partition", "__connect.errors.partition");
        String sourceOffset = first(headers, "__streams.errors.offset", "__connect.errors.offset");
        String exception = first(headers, "__streams.errors.exception", "__connect.errors.exception.class.name");
        String message = first(headers, "__streams.errors.message", "__connect.errors.exception.message");
        String source = (sourceTopic == null ? "?" : sourceTopic) + "-" + (partition == null ? "?" : partition)
                + " offset " + (sourceOffset == null ? "?" : sourceOffset);
        String reason = exception == null && message == null ? "no reason in its headers"
                : (exception == null ? "" : exception.substring(exception.lastIndexOf('.') + 1)) + (message == null ? "" : ": " + message);
        return new DeadLetter(topic, offset, source, reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON) + "…", at);
    }

    private static String first(Headers headers, String... names) {
        for (String name : names) {
            Header header = headers.lastHeader(name);
            if (header != null && header.value() != null) {
                return new String(header.value(), StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
