package dev.flightdeck.streams.runtime;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/** The Kafka Streams settings and metrics every Flightdeck app has. */
public final class StreamsRuntime {

    private StreamsRuntime() {
    }

    /**
     * exactly_once_v2, and a record that cannot be read or processed goes to the dead-letter topic
     * with the reason in its headers while the rest flows on; an outage (the registry unreachable)
     * fails the task instead, which resumes from its last commit (see {@link DeadLetterBadRecords}).
     */
    public static Properties exactlyOnceWithDeadLetters(String deadLetterTopic) {
        Properties p = new Properties();
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterBadRecords.Processing.class);
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterBadRecords.Deserialization.class);
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        p.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, deadLetterTopic);
        return p;
    }

    /** Kafka Streams' own metrics (process rate and latency, lag, ...) and the JVM's. */
    public static void bindMetrics(KafkaStreams streams, MeterRegistry metrics) {
        new KafkaStreamsMetrics(streams).bindTo(metrics);
        new JvmMemoryMetrics().bindTo(metrics);
        new JvmGcMetrics().bindTo(metrics);
        new JvmThreadMetrics().bindTo(metrics);
        new ClassLoaderMetrics().bindTo(metrics);
        new ProcessorMetrics().bindTo(metrics);
    }
}
