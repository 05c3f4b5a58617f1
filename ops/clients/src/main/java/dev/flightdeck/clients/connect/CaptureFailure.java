package dev.flightdeck.clients.connect;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why a capture task failed, read from the stack trace Kafka Connect reports for it, in the words
 * an operator needs: the exception, and when the schema registry refused a table's new schema,
 * which subject and table and the registry's reason.
 *
 * @param exception      the trace's first line: the exception and its message
 * @param rootCause      the trace's last {@code Caused by:} line, or null when it has none
 * @param subject        the registry subject refused ("cdc.flights.passenger-value"), or null
 * @param table          the table whose changes stopped ("flights.passenger"), or null
 * @param registryReason what the registry said, or null when the registry did not refuse anything
 */
public record CaptureFailure(String exception, String rootCause, String subject, String table, String registryReason) {

    private static final int MAX_LINE = 400;
    // Apicurio: "RuleViolationException: Incompatible artifact: cdc.flights.passenger-value [AVRO], ..." (HTTP 400/409).
    private static final Pattern REFUSAL = Pattern.compile("(?:RuleViolationException|IncompatibleSchemaException|"
            + "incompatible with an earlier schema)[:\\s]*(.*)", Pattern.CASE_INSENSITIVE);
    private static final Pattern SUBJECT = Pattern.compile("([A-Za-z0-9_]+(?:\\.[A-Za-z0-9_]+)+-(?:key|value))\\b");

    public static CaptureFailure of(String trace) {
        String text = trace == null ? "" : trace;
        String first = text.lines().findFirst().orElse("").trim();
        String reason = null;
        String subject = null;
        String root = null;
        for (String line : (Iterable<String>) text.lines()::iterator) {
            if (line.startsWith("Caused by: ")) {
                root = clip(line.substring("Caused by: ".length()).trim());
            }
            Matcher refusal = REFUSAL.matcher(line);
            if (reason == null && refusal.find()) {
                reason = clip(refusal.group(1).trim());
            }
            Matcher named = SUBJECT.matcher(line);
            if (subject == null && named.find() && (reason != null || line.contains("subject") || line.contains("artifact"))) {
                subject = named.group(1);
            }
        }
        if (subject == null && reason != null) {
            Matcher named = SUBJECT.matcher(text);
            subject = named.find() ? named.group(1) : null;
        }
        return new CaptureFailure(clip(first), root, subject, subject == null ? null : table(subject), reason);
    }

    /** One sentence: what went wrong, for {@code flightdeck status} and the alert. */
    public String plainWords() {
        if (registryReason != null) {
            return "the schema registry refused the new schema of " + (subject == null ? "a table" : subject)
                    + " (its compatibility rule): " + registryReason;
        }
        if (exception.isEmpty()) {
            return "no reason given";
        }
        // Connect wraps the cause (a producer timeout, a refused login) in a generic first line.
        return rootCause == null ? exception : exception + " (caused by " + rootCause + ")";
    }

    /** "cdc.flights.passenger-value" → "flights.passenger": Debezium names topics prefix.database.table. */
    public static String table(String subject) {
        String topic = subject.replaceFirst("-(key|value)$", "");
        String[] parts = topic.split("\\.");
        return parts.length < 2 ? topic : parts[parts.length - 2] + "." + parts[parts.length - 1];
    }

    private static String clip(String line) {
        return line.length() <= MAX_LINE ? line : line.substring(0, MAX_LINE - 1) + "…";
    }
}
