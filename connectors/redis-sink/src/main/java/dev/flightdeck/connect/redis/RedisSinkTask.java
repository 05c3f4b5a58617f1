package dev.flightdeck.connect.redis;

import dev.flightdeck.connect.sink.FlightSinkTask;
import dev.flightdeck.connect.sink.ReadModelWriter;
import java.time.Clock;
import java.util.Map;

/** flight-availability into Redis through the version-guarded script of {@link FlightStore}; the rest is {@link FlightSinkTask}'s. */
public final class RedisSinkTask extends FlightSinkTask<RedisSinkConfig> {

    @Override
    protected RedisSinkConfig parse(Map<String, String> properties) {
        return new RedisSinkConfig(properties);
    }

    @Override
    protected ReadModelWriter openWriter(RedisSinkConfig config) {
        return new FlightStore(config.openRedis(), config.getString(RedisSinkConfig.KEY_PREFIX_CONFIG),
                config.getLong(RedisSinkConfig.EXPIRE_AFTER_ARRIVAL_CONFIG), config.getLong(RedisSinkConfig.DELETED_MARKER_TTL_CONFIG),
                Clock.systemUTC());
    }
}
