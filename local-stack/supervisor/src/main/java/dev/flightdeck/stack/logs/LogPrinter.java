package dev.flightdeck.stack.logs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How {@code flightdeck logs} prints a record: {@code TIME  SERVICE  LEVEL  LOGGER  MESSAGE} in
 * aligned columns, the message's further lines and the stack trace indented below; or, with
 * {@code --json}, one JSON object per record with the fields of {@link LogRecord}.
 */
public final class LogPrinter {

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    static final int LOGGER_WIDTH = 30;
    private static final String NO_TIME = " ".repeat(24);
    private static final String INDENT = "    ";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int serviceWidth;
    private final boolean json;

    /** For records of these services: the service column is as wide as the longest name. */
    public LogPrinter(Collection<String> services, boolean json) {
        this.serviceWidth = services.stream().mapToInt(String::length).max().orElse(0);
        this.json = json;
    }

    /** The record as printed: one or more lines, without a final line break. */
    public String format(LogRecord record) {
        return json ? json(record) : text(record);
    }

    private String text(LogRecord record) {
        String[] message = record.message().split("\n", -1);
        StringBuilder out = new StringBuilder()
                .append(record.time() == null ? NO_TIME : TIME.format(record.time())).append("  ")
                .append(pad(record.service(), serviceWidth)).append("  ")
                .append(pad(record.level(), 5)).append("  ")
                .append(pad(abbreviate(record.logger(), LOGGER_WIDTH), LOGGER_WIDTH)).append("  ")
                .append(message[0]);
        for (int i = 1; i < message.length; i++) {
            out.append('\n').append(INDENT).append(message[i]);
        }
        if (record.exception() != null) {
            for (String line : record.exception().split("\n")) {
                out.append('\n').append(INDENT).append(line);
            }
        }
        return out.toString().stripTrailing();
    }

    private static String json(LogRecord record) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (record.time() != null) {
            fields.put("time", TIME.format(record.time()));
        }
        fields.put("service", record.service());
        fields.put("level", record.level());
        fields.put("logger", record.logger());
        fields.put("message", record.message());
        if (record.exception() != null) {
            fields.put("exception", record.exception());
        }
        try {
            return JSON.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }

    /**
     * A logger name that fits the column: its packages shortened to their initials from the left
     * ({@code o.a.k.s.p.i.StreamThread}), then left out from the left, then the name cut.
     */
    static String abbreviate(String logger, int width) {
        if (logger.length() <= width) {
            return logger;
        }
        List<String> parts = new ArrayList<>(List.of(logger.split("\\.")));
        for (int i = 0; i < parts.size() - 1 && length(parts) > width; i++) {
            parts.set(i, parts.get(i).substring(0, Math.min(1, parts.get(i).length())));
        }
        while (parts.size() > 1 && length(parts) > width) {
            parts.removeFirst();
        }
        String shortened = String.join(".", parts);
        return shortened.length() <= width ? shortened : shortened.substring(0, width - 1) + "…";
    }

    private static int length(List<String> parts) {
        return parts.stream().mapToInt(String::length).sum() + parts.size() - 1;
    }
}
