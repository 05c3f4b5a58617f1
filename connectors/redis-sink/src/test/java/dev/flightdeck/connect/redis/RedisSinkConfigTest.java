package dev.flightdeck.connect.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

class RedisSinkConfigTest {

    @Test
    void shouldNameTheMissingUri() {
        assertThatThrownBy(() -> new RedisSinkConfig(Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("redis.uri");
    }

    @Test
    void shouldRejectAUriThatIsNotRedisWithoutEchoingIt() {
        Config validated = new RedisSinkConnector().validate(Map.of("redis.uri", "http://user:secret@host:80"));
        ConfigValue uri = validated.configValues().stream().filter(v -> v.name().equals("redis.uri")).findFirst().orElseThrow();
        assertThat(uri.errorMessages()).singleElement().asString()
                .contains("redis.uri must look like redis://host:port", "scheme 'http'").doesNotContain("secret");
    }

    @Test
    void shouldNameBothKeysWhenTheLongestBackoffIsShorterThanTheFirst() {
        Map<String, String> props = new HashMap<>(Map.of("redis.uri", "redis://127.0.0.1:6379"));
        props.put("retry.backoff.initial.ms", "5000");
        props.put("retry.backoff.max.ms", "100");
        assertThatThrownBy(() -> new RedisSinkConfig(props))
                .hasMessageContaining("retry.backoff.max.ms").hasMessageContaining("retry.backoff.initial.ms (5000)");
    }

    @Test
    void shouldRejectAFactorBelowOneAndZeroAttempts() {
        Map<String, String> props = new HashMap<>(Map.of("redis.uri", "redis://127.0.0.1:6379"));
        props.put("retry.backoff.factor", "0.5");
        assertThatThrownBy(() -> new RedisSinkConfig(props)).hasMessageContaining("retry.backoff.factor");
        props.put("retry.backoff.factor", "2");
        props.put("retry.max.attempts", "0");
        assertThatThrownBy(() -> new RedisSinkConfig(props)).hasMessageContaining("retry.max.attempts");
    }

    @Test
    void shouldDefaultToTheFlightAvailabilityContract() {
        RedisSinkConfig config = new RedisSinkConfig(Map.of("redis.uri", "redis://127.0.0.1:6379"));
        assertThat(config.getString(RedisSinkConfig.VERSION_FIELD_CONFIG)).isEqualTo("version");
        assertThat(config.getString(RedisSinkConfig.VERSION_HEADER_CONFIG)).isEqualTo("flightdeck.version");
        assertThat(config.redisUri().getPort()).isEqualTo(6379);
    }

    @Test
    void shouldKeepThePasswordOutOfTheConfigsTextAndRejectABadDatabase() {
        RedisSinkConfig config = new RedisSinkConfig(Map.of("redis.uri", "redis://127.0.0.1:6379/2", "redis.password", "s3cret-pw"));
        assertThat(config.getPassword(RedisSinkConfig.REDIS_PASSWORD_CONFIG).value()).isEqualTo("s3cret-pw");
        assertThat(config.toString()).doesNotContain("s3cret-pw");
        assertThatThrownBy(() -> new RedisSinkConfig(Map.of("redis.uri", "redis://127.0.0.1:6379/flights")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("database number").hasMessageContaining("/flights");
    }
}
