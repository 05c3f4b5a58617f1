package dev.flightdeck.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flightdeck.ops.kafka.HangingTransactions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The hanging-transaction check that {@code up} runs after Kafka starts must never take a live
 * transaction for a hanging one: it aborts what it finds, and aborting a live transaction would
 * break that producer's exactly-once writes.
 */
@ExtendWith(SharedStack.class)
class HangingTransactionsIT {

    private final SharedStack stack = SharedStack.get();

    @Test
    void shouldNotTakeAnOpenLiveTransactionForAHangingOne() throws Exception {
        String topic = "hanging-check-" + System.nanoTime();
        try (Admin admin = stack.profile().admin();
             KafkaProducer<String, String> producer = new KafkaProducer<>(stack.profile().kafkaClientConfig(Map.of(
                     ProducerConfig.TRANSACTIONAL_ID_CONFIG, topic,
                     ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 60_000)), new StringSerializer(), new StringSerializer())) {
            admin.createTopics(List.of(new NewTopic(topic, Optional.of(1), Optional.empty()))).all().get();
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "v")).get();

            // A live transaction, whatever its age, is one its coordinator tracks as ongoing on this partition.
            assertThat(HangingTransactions.find(admin)).extracting(HangingTransactions.Open::partition)
                    .doesNotContain(new TopicPartition(topic, 0));
            producer.commitTransaction();
            assertThat(HangingTransactions.find(admin)).extracting(HangingTransactions.Open::partition)
                    .doesNotContain(new TopicPartition(topic, 0));
        }
    }
}
