package dev.flightdeck.stack.cli;

import dev.flightdeck.stack.ServiceId;
import dev.flightdeck.stack.StackLayout;
import dev.flightdeck.stack.logs.LogFollower;
import dev.flightdeck.stack.logs.LogMerge;
import dev.flightdeck.stack.logs.LogPrinter;
import dev.flightdeck.stack.logs.LogQuery;
import dev.flightdeck.stack.logs.LogRecord;
import dev.flightdeck.stack.logs.ServiceLog;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "logs", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Prints services' logs, one event per line: TIME  SERVICE  LEVEL  LOGGER  MESSAGE, with further lines "
                + "and stack traces indented below. Several services (or --all) are interleaved by time.",
                "Each service's own format is read into those fields: Flightdeck's JSON lines (the JVM services, Kafka, Connect, "
                        + "Elasticsearch, the registry), MySQL's and Redis's native lines, the Go programs' JSON or logfmt, "
                        + "and the text lines written before JSON. A line in none of them belongs to the event above it."},
        footer = {"", "Examples:",
                "  ./flightdeck logs connect                  the last 50 events of Connect",
                "  ./flightdeck logs --all --since 5m         every service, the last 5 minutes",
                "  ./flightdeck logs --all --since 1h --grep 'exception|timed out'",
                "  ./flightdeck logs kafka connect -f         both, as they log",
                "  ./flightdeck logs --all --since 10m --json | jq 'select(.level==\"ERROR\")'"})
public final class LogsCommand extends StackCommand implements Callable<Integer> {

    static final int DEFAULT_LINES = 50;

    @Parameters(arity = "0..*", paramLabel = "SERVICE", completionCandidates = ServiceNames.class,
            description = "One or more of: ${COMPLETION-CANDIDATES}.")
    List<String> services = new ArrayList<>();

    @Option(names = "--all", description = "Every service that has a log.")
    boolean all;

    @Option(names = {"-n", "--lines"}, paramLabel = "N",
            description = "Only the last N events (default: " + DEFAULT_LINES + ", or all of them with --since).")
    Integer lines;

    @Option(names = "--since", paramLabel = "DURATION|INSTANT",
            description = "Only events since then: 30s, 5m, 2h, 1h30m ago, or an instant such as 2026-12-04T13:00:00Z.")
    String since;

    @Option(names = "--grep", paramLabel = "REGEX", description = "Only events whose message or logger matches, ignoring case.")
    String grep;

    @Option(names = "--json", description = "One normalized JSON object per event (time, service, level, logger, message, exception).")
    boolean json;

    @Option(names = {"-f", "--follow"}, description = "Then keep printing events as they are logged, from every log named, until interrupted.")
    boolean follow;

    @Override
    public Integer call() throws IOException, InterruptedException {
        List<ServiceLog> logs = logs(stack().layout());
        LogQuery query = new LogQuery(since == null ? null : LogQuery.since(since, Instant.now()),
                grep == null ? null : LogQuery.grep(grep), limit());
        LogPrinter printer = new LogPrinter(logs.stream().map(ServiceLog::service).toList(), json);
        PrintWriter out = new PrintWriter(new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8)));

        List<Long> ends = new ArrayList<>();
        List<List<LogRecord>> perLog = new ArrayList<>();
        for (ServiceLog log : logs) {
            long end = log.size();
            ends.add(end);
            perLog.add(log.read(query, end));
        }
        query.select(LogMerge.byTime(perLog)).forEach(record -> out.println(printer.format(record)));
        out.flush();
        if (follow) {
            new LogFollower(logs, ends, query).follow(record -> {
                out.println(printer.format(record));
                out.flush();
            });
        }
        return 0;
    }

    /** {@code -n}; else the last 50 events, or every event since {@code --since}. */
    private Integer limit() {
        if (lines != null && lines < 1) {
            throw new IllegalArgumentException("-n " + lines + ": ask for 1 event or more");
        }
        return lines != null ? lines : since == null ? Integer.valueOf(DEFAULT_LINES) : null;
    }

    private List<ServiceLog> logs(StackLayout layout) {
        if (all == !services.isEmpty()) {
            throw new IllegalArgumentException(all ? "name services or pass --all, not both"
                    : "name a service (" + ServiceId.allKeys() + ") or pass --all");
        }
        List<ServiceId> ids = all ? Arrays.stream(ServiceId.values()).filter(id -> Files.exists(layout.logFile(id))).toList()
                : services.stream().map(ServiceId::parse).distinct().toList();
        if (ids.isEmpty()) {
            throw new IllegalArgumentException("no service has a log yet in " + layout.dataDir() + "; start the stack with ./flightdeck up");
        }
        for (ServiceId id : ids) {
            if (!Files.exists(layout.logFile(id))) {
                throw new IllegalArgumentException(id + " has no log yet (" + layout.logFile(id) + "); start it with ./flightdeck up");
            }
        }
        return ids.stream().map(id -> new ServiceLog(id.key(), layout.logFile(id))).toList();
    }
}
