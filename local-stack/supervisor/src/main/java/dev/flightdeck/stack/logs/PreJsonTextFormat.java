package dev.flightdeck.stack.logs;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text lines our JVM services wrote before they logged JSON, which stay in their log files,
 * and java.util.logging's, which Connect's binlog client still writes.
 */
enum PreJsonTextFormat implements LogFormat {

    /**
     * slf4j-simple, with or without a time:
     * {@code 2026-12-04T09:48:18.462Z [main] INFO dev.flightdeck.streams.runtime.OwnedTopics - created topics [...]}.
     */
    SLF4J_SIMPLE("(?:(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}(?:Z|[+-]\\d{2}(?::?\\d{2})?)) )?\\[(.+?)] (TRACE|DEBUG|INFO|WARN|ERROR) (\\S+) - (.*)") {
        @Override
        LogRecord record(String service, Matcher m) {
            Instant time = m.group(1) == null ? null : LogFormats.instant(m.group(1));
            if (m.group(1) != null && time == null) {
                return null;
            }
            return new LogRecord(time, service, m.group(3), m.group(4), m.group(5), null);
        }
    },

    /**
     * Kafka's and Connect's former Log4j pattern, in the machine's time zone:
     * {@code 2026-12-04T09:48:00,591 INFO  [main] AbstractConnectCli: Kafka Connect worker initializing ...}.
     */
    KAFKA_PATTERN("(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2},\\d{3}) (TRACE|DEBUG|INFO|WARN|ERROR|FATAL) +\\[(.+?)] (\\S+?): (.*)") {
        @Override
        LogRecord record(String service, Matcher m) {
            return new LogRecord(local(m.group(1), COMMA_MILLIS), service, m.group(2), m.group(4), m.group(5), null);
        }
    },

    /**
     * Elasticsearch's console pattern, in the machine's time zone:
     * {@code [2026-12-04T09:47:56,636][INFO ][o.e.e.NodeEnvironment    ] [flightdeck-es] using [1] data paths, ...}.
     */
    ELASTICSEARCH_PATTERN("\\[(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2},\\d{3})]\\[(\\w+) *]\\[(\\S+?) *] \\[[^]]*] ?(.*)") {
        @Override
        LogRecord record(String service, Matcher m) {
            return new LogRecord(local(m.group(1), COMMA_MILLIS), service, LogFormats.level(m.group(2)), m.group(3), m.group(4), null);
        }
    },

    /**
     * The registry's Quarkus text format, whose date pattern ({@code YYYY-MMx-dd}) puts the zone
     * offset inside the date and has whole seconds:
     * {@code 2026-12+00-04 09:47:49 INFO [io.apicurio.registry.storage.impl.kafkasql.KafkaSqlRegistryStorage] (main) Using Kafka-SQL artifactStore.}.
     */
    QUARKUS_PATTERN("(\\d{4})-(\\d{2})([+-]\\d{2}(?::?\\d{2})?|Z)-(\\d{2}) (\\d{2}:\\d{2}:\\d{2}) (\\w+) \\[(.*?)] \\((.*?)\\) (.*)") {
        @Override
        LogRecord record(String service, Matcher m) {
            Instant time;
            try {
                time = LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(4)))
                        .atTime(LocalTime.parse(m.group(5)))
                        .toInstant(ZoneOffset.of(m.group(3)));
            } catch (RuntimeException e) {
                return null;
            }
            String logger = m.group(7).equals("null") ? "" : m.group(7);
            return new LogRecord(time, service, LogFormats.level(m.group(6)), logger, m.group(9), null);
        }
    },

    /**
     * java.util.logging's default format, in the machine's time zone, over two lines: this one
     * with the time and the logger, the next with the level and the message
     * ({@link RecordAssembler} joins them):
     * {@code Dec 04, 2026 9:48:14 AM com.github.shyiko.mysql.binlog.BinaryLogClient connect} /
     * {@code INFO: Connected to 127.0.0.1:17085 at ...}.
     */
    JUL("([A-Z][a-z]{2} \\d{2}, \\d{4} \\d{1,2}:\\d{2}:\\d{2} [AP]M) (\\S+)(?: \\S+)?") {
        @Override
        LogRecord record(String service, Matcher m) {
            return new LogRecord(local(m.group(1), JUL_TIME), service, "", m.group(2), "", null);
        }
    };

    /** java.util.logging's second line: {@code INFO: Connected to ...}. */
    static final Pattern JUL_MESSAGE = Pattern.compile("(SEVERE|WARNING|INFO|CONFIG|FINE|FINER|FINEST): (.*)");

    private static final DateTimeFormatter COMMA_MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss,SSS");
    private static final DateTimeFormatter JUL_TIME = DateTimeFormatter.ofPattern("MMM dd, yyyy h:mm:ss a", Locale.ENGLISH);

    private final Pattern line;

    PreJsonTextFormat(String regex) {
        this.line = Pattern.compile(regex);
    }

    @Override
    public LogRecord parse(String service, String text) {
        Matcher m = line.matcher(text);
        if (!m.matches()) {
            return null;
        }
        try {
            return record(service, m);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    abstract LogRecord record(String service, Matcher m);

    private static Instant local(String text, DateTimeFormatter format) {
        return LogFormats.localTime(LocalDateTime.parse(text, format));
    }
}
