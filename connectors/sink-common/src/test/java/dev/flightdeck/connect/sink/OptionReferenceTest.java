package dev.flightdeck.connect.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.junit.jupiter.api.Test;

class OptionReferenceTest {

    @Test
    void shouldRenderEveryOptionByGroupWithTypeDefaultValidatorImportanceAndDisplayName() {
        ConfigDef options = new ConfigDef()
                .define("store.hosts", Type.LIST, List.of("a:1", "b:2"), Importance.MEDIUM, "Hosts to write to.",
                        "Connection", 2, Width.LONG, "Hosts")
                .define("store.secret", Type.PASSWORD, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH, "Secret | token.",
                        "Connection", 1, Width.LONG, "Secret")
                .define("batch.size", Type.INT, 100, Range.atLeast(1), Importance.LOW, "Updates per request.",
                        "Batching", 1, Width.SHORT, "Batch size")
                .define("store.user", Type.STRING, null, Importance.LOW, "User, if the store wants one.");

        String page = OptionReference.markdown(List.of(new OptionReference.Connector("Test sink", TestSink.Connector.class, options)),
                "mvn verify -Dflightdeck.docs.write=true");

        assertThat(page).isEqualTo("""
                # Connector options

                <!-- Generated from the connectors' ConfigDefs; do not edit by hand. Regenerate with:
                     mvn verify -Dflightdeck.docs.write=true -->

                The options of Flightdeck's Kafka Connect sinks, rendered from the `ConfigDef` each connector
                validates its configuration with: what this page says is what Connect's validate endpoint
                (`PUT /connector-plugins/{class}/config/validate`) checks. Connect's own options (`topics`,
                `errors.tolerance`, `errors.deadletterqueue.*`, converters) are Kafka's;
                `connect-configs/` shows them set for each sink.

                | Connector | `connector.class` |
                |---|---|
                | [Test sink](#test-sink) | `dev.flightdeck.connect.sink.TestSink$Connector` |

                ## Test sink

                `connector.class`: `dev.flightdeck.connect.sink.TestSink$Connector`

                ### Connection

                #### `store.secret`

                Secret | token.

                | Display name | Type | Default | Valid values | Importance | Group |
                |---|---|---|---|---|---|
                | Secret | password | *required* | any | high | Connection |

                #### `store.hosts`

                Hosts to write to.

                | Display name | Type | Default | Valid values | Importance | Group |
                |---|---|---|---|---|---|
                | Hosts | list | `a:1,b:2` | any | medium | Connection |

                ### Batching

                #### `batch.size`

                Updates per request.

                | Display name | Type | Default | Valid values | Importance | Group |
                |---|---|---|---|---|---|
                | Batch size | int | `100` | [1,...] | low | Batching |

                ### Other

                #### `store.user`

                User, if the store wants one.

                | Display name | Type | Default | Valid values | Importance | Group |
                |---|---|---|---|---|---|
                | — | string | *not set* | any | low | Other |
                """);
    }
}
