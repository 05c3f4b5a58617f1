package dev.flightdeck.bench;

import static dev.flightdeck.bench.BenchSupport.connect;
import static dev.flightdeck.bench.BenchSupport.round;
import static dev.flightdeck.bench.BenchSupport.seconds;
import static dev.flightdeck.bench.MarkdownTable.count;
import static dev.flightdeck.bench.MarkdownTable.msTenths;
import static dev.flightdeck.bench.MarkdownTable.perSecond;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.json.JsonData;
import co.elastic.clients.transport.TransportException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flightdeck.clients.ClusterProfile;
import dev.flightdeck.ops.Progress;
import dev.flightdeck.search.ApiKeys;
import dev.flightdeck.search.ElasticsearchQueries;
import dev.flightdeck.stack.driver.LocalStackDriver;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The search service on a stack of its own (the whole pipeline without the simulator, the
 * snapshot in both read models). Searches taken from MySQL's future flights are sent open loop at
 * fixed rates; right after each rate, the same searches at the same rate go straight to
 * Elasticsearch as the request the service builds for them: the ceiling. Then seat maps of random
 * future flights at a fixed rate; then bookings committed one at a time, each timed from its
 * commit until the seat map shows its seat taken.
 */
@Command(name = "search", mixinStandardHelpOptions = true,
        description = "The search service: /api/flights latency at fixed request rates next to the same searches sent straight to "
                + "Elasticsearch in the same run (the ceiling), the seat map's latency, and MySQL commit → seat shown taken on the "
                + "seat map; JSON and Markdown under .flightdeck/bench/.")
final class SearchBenchmark implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The alias the service searches. */
    private static final String ALIAS = "flights";
    private static final int ROUTE_SEARCHES = 50;
    private static final int ORIGIN_SEARCHES = 15;
    private static final int SEAT_SEARCHES = 15;
    private static final String PAGE_SIZE = "20";
    /** The same searches and flights in the same order on every run over the same data. */
    private static final long SEED = 20_261_201L;
    /** The benchmark's key: the local user's key is held to 20 requests/s, this one to nothing that matters here. */
    private static final String KEY_NAME = "bench";
    private static final String KEY_LIMITS = " rate=1000000 burst=1000000";
    private static final Duration KEY_ACCEPTED_WITHIN = Duration.ofSeconds(30);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration POLL = Duration.ofMillis(20);
    /** How often the search page asks for the seat map it shows. */
    private static final Duration PAGE_POLL = Duration.ofSeconds(1);
    private static final Duration SEAT_SHOWN_WITHIN = Duration.ofSeconds(30);
    /**
     * A warm-up runs in rounds of this many seconds until {@link #WARMUP_SETTLED}: by then the JIT
     * has compiled what the requests run, which takes the service a minute or more at full load.
     * Answers per second count as well as p50 because a target the rate overloads has a p50 set by
     * its queue, steady while it still speeds up.
     */
    static final int WARMUP_ROUND_SECONDS = 10;
    static final int WARMUP_SETTLED_PERCENT = 20;
    static final int WARMUP_SETTLED_MILLIS = 2;
    static final int WARMUP_SETTLED_RATE_PERCENT = 5;
    /** Spelt without "%": picocli formats option descriptions. */
    static final String WARMUP_SETTLED = "a round's p50 is within " + WARMUP_SETTLED_PERCENT + " percent (or " + WARMUP_SETTLED_MILLIS
            + " ms) and its answers per second within " + WARMUP_SETTLED_RATE_PERCENT + " percent of the round before";

    private static final String ROUTE_DAYS = """
            SELECT origin, destination, DATE_FORMAT(departure_time, '%Y-%m-%d') AS day FROM flight
            WHERE departure_time > UTC_TIMESTAMP() GROUP BY origin, destination, day ORDER BY origin, destination, day""";
    private static final String ORIGIN_DAYS = """
            SELECT origin, DATE_FORMAT(departure_time, '%Y-%m-%d') AS day FROM flight
            WHERE departure_time > UTC_TIMESTAMP() GROUP BY origin, day ORDER BY origin, day""";
    private static final String FUTURE_FLIGHTS = """
            SELECT id FROM flight WHERE departure_time > UTC_TIMESTAMP() + INTERVAL 1 DAY AND status = 'SCHEDULED' ORDER BY id""";
    private static final String FREE_SEAT = """
            SELECT s.seat_no, s.cabin FROM flight f JOIN seat_map s ON s.aircraft_type = f.aircraft_type
            WHERE f.id = ? AND NOT EXISTS (SELECT 1 FROM booking b WHERE b.flight_id = f.id AND b.active_seat = s.seat_no)
            ORDER BY RAND() LIMIT 1""";
    private static final String NEW_PASSENGER = "INSERT INTO passenger (first_name, last_name, email) VALUES ('Ada', 'Lovelace', ?)";
    private static final String BOOK_SEAT = """
            INSERT INTO booking (reference, flight_id, passenger_id, cabin, seat_no, status, fare, currency, hold_expires_at)
            VALUES (?, ?, ?, ?, ?, 'CONFIRMED', 150.00, 'EUR', NULL)""";

    @Option(names = "--rates", split = ",", defaultValue = "50,200,500",
            description = "Searches per second, one measured run each, each followed by the same searches at the same rate straight to "
                    + "Elasticsearch (default: ${DEFAULT-VALUE}).")
    List<Integer> rates;
    @Option(names = "--seconds", defaultValue = "20",
            description = "Measured seconds of each run: per rate and target, and of the seat maps (default: ${DEFAULT-VALUE}).")
    int measuredSeconds;
    @Option(names = "--warmup-seconds", defaultValue = "60",
            description = "Least warm-up of each target (the service, Elasticsearch, the seat map) at its highest rate, in rounds of "
                    + WARMUP_ROUND_SECONDS + " s, before it is measured; then until " + WARMUP_SETTLED
                    + ". 0: no warm-up (default: ${DEFAULT-VALUE}).")
    int warmupSeconds;
    @Option(names = "--max-warmup-seconds", defaultValue = "180",
            description = "Most warm-up of each target: a target whose latency is still changing then is measured anyway, and the "
                    + "report says so (default: ${DEFAULT-VALUE}).")
    int maxWarmupSeconds;
    @Option(names = "--seatmap-rate", defaultValue = "200",
            description = "Seat-map requests per second, for random future flights (default: ${DEFAULT-VALUE}).")
    int seatMapRate;
    @Option(names = "--commits", defaultValue = "20",
            description = "Bookings committed one at a time, each timed until the seat map shows its seat taken (default: ${DEFAULT-VALUE}).")
    int commits;
    @Option(names = "--max-in-flight", defaultValue = "64",
            description = "Requests waiting for an answer at most; one due while this many wait is not sent, and counted "
                    + "(default: ${DEFAULT-VALUE}).")
    int maxInFlight;
    @Mixin
    BenchStack benchStack;
    @Spec
    CommandSpec spec;

    private final Progress console = Progress.console(System.out);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    @Override
    public Integer call() throws Exception {
        validate();
        String command = commandLine();
        LocalStackDriver stack = benchStack.wiped(console);
        console.note("[1/6] a stack of its own: the whole pipeline and the search service without the simulator "
                + "(snapshot and both sinks caught up)");
        stack.up("--no-simulator");
        ClusterProfile endpoints = stack.adminProfile();
        try (Admin admin = endpoints.admin();
             ElasticsearchClient elasticsearch = SinksBenchmark.elasticsearch(endpoints)) {
            console.note("  waiting until seat-availability and both sinks have caught up and the stack has quietened down");
            PipelineBenchmark settle = new PipelineBenchmark();
            settle.awaitCaughtUp(endpoints, admin);
            settle.awaitQuiet(stack);

            Path keysFile = stack.dataDir().resolve("search-service").resolve("api-keys");
            console.note("[2/6] the benchmark's own API key (the local user's is held to 20 requests/s): added to " + keysFile
                    + ", then waiting for the service to accept it");
            SearchEndpoint service = withOwnKey(stack, keysFile);

            console.note(String.format(Locale.ROOT, "[3/6] the searches, from MySQL's future flights: %d route + day, %d origin + day, "
                    + "%d route + day with cabin=Y&seats=2&sort=fare; each sent once to the service and to Elasticsearch",
                    ROUTE_SEARCHES, ORIGIN_SEARCHES, SEAT_SEARCHES));
            List<Search> searches = searches(endpoints, service);
            Mix mix = check(searches, elasticsearch);
            console.note(String.format(Locale.ROOT, "  %d searches, %d of them find flights", searches.size(), mix.findingFlights()));

            OpenLoop load = new OpenLoop(maxInFlight, console);
            console.note(String.format(Locale.ROOT, "[4/6] searches at %s requests/s, %d s each, open loop (at most %d waiting); after "
                    + "each rate the same searches at the same rate straight to Elasticsearch (alias %s), the ceiling",
                    rates.stream().map(String::valueOf).collect(Collectors.joining(", ")), measuredSeconds, maxInFlight, ALIAS));
            int topRate = rates.stream().mapToInt(Integer::intValue).max().orElseThrow();
            List<WarmUp> warmUps = new ArrayList<>();
            warmUps.add(warmUp(load, "search service", topRate, n -> viaService(searches, n)));
            warmUps.add(warmUp(load, "Elasticsearch", topRate, n -> direct(elasticsearch, searches, n)));
            List<RateStep> steps = new ArrayList<>();
            for (int i = 0; i < rates.size(); i++) {
                int rate = rates.get(i);
                console.note(String.format(Locale.ROOT, "  rate %d of %d: %d searches/s to the search service for %d s", i + 1, rates.size(),
                        rate, measuredSeconds));
                OpenLoop.Step viaService = load.run("search service", rate, measuredSeconds, n -> viaService(searches, n));
                console.note("  " + viaService.summary());
                console.note(String.format(Locale.ROOT, "  rate %d of %d: the same %d searches/s straight to Elasticsearch for %d s",
                        i + 1, rates.size(), rate, measuredSeconds));
                OpenLoop.Step direct = load.run("Elasticsearch", rate, measuredSeconds, n -> direct(elasticsearch, searches, n));
                console.note("  " + direct.summary());
                steps.add(new RateStep(rate, viaService, direct,
                        round(viaService.latency().p99() / Math.max(0.1, direct.latency().p99()))));
            }

            List<Long> future = futureFlights(endpoints);
            console.note(String.format(Locale.ROOT, "[5/6] seat maps: %d requests/s for %d s, each of a random one of %,d future flights",
                    seatMapRate, measuredSeconds, future.size()));
            warmUps.add(warmUp(load, "seat map", seatMapRate, n -> seatMap(service, future, n)));
            OpenLoop.Step seatMaps = load.run("seat map", seatMapRate, measuredSeconds, n -> seatMap(service, future, n));
            console.note("  " + seatMaps.summary());

            console.note(String.format(Locale.ROOT, "[6/6] commit → seat map: %d confirmed bookings of a free seat on a future flight, "
                    + "one at a time, the seat map polled every %d ms until it shows the seat taken", commits, POLL.toMillis()));
            CommitToSeatMap commitToSeatMap = commitToSeatMap(endpoints, service, future);
            console.note(String.format(Locale.ROOT, "  commit → seat taken on the seat map: p50 %.0f ms, p99 %.0f ms, max %.0f ms; "
                    + "%d not shown within %d s (the page polls every %d s: a person sees it up to %d s later)",
                    commitToSeatMap.latency().p50(), commitToSeatMap.latency().p99(), commitToSeatMap.latency().max(),
                    commitToSeatMap.notShown(), SEAT_SHOWN_WITHIN.toSeconds(), PAGE_POLL.toSeconds(), PAGE_POLL.toSeconds()));

            Report report = new Report(LocalDateTime.now().toString(), Runtime.getRuntime().availableProcessors(), command, mix,
                    maxInFlight, warmUps, steps, seatMaps, commitToSeatMap);
            benchStack.report("search").write(report, markdown(report), console);
        } finally {
            benchStack.finish(stack);
        }
        return 0;
    }

    private void validate() {
        for (int rate : rates) {
            if (rate <= 0) {
                throw new IllegalArgumentException("--rates: " + rate + " is not a rate; give requests per second above 0, e.g. 50,200,500");
            }
        }
        if (measuredSeconds <= 0 || seatMapRate <= 0 || commits <= 0 || maxInFlight <= 0 || warmupSeconds < 0) {
            throw new IllegalArgumentException("--seconds, --seatmap-rate, --commits and --max-in-flight must be above 0 "
                    + "and --warmup-seconds 0 or more");
        }
        if (maxWarmupSeconds < warmupSeconds) {
            throw new IllegalArgumentException("--max-warmup-seconds (" + maxWarmupSeconds + ") must be at least --warmup-seconds ("
                    + warmupSeconds + ")");
        }
    }

    /** This run's command, as typed, for the report. */
    private String commandLine() {
        return "./flightdeck bench " + spec.commandLine().getParseResult().originalArgs().stream()
                .map(arg -> arg.matches("[A-Za-z0-9_.,:/=@+-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'")
                .collect(Collectors.joining(" "));
    }

    /** One target's warm-up: its rounds in order, and whether its p50 and answers settled before the limit. */
    record WarmUp(String target, int ratePerSecond, List<OpenLoop.Step> rounds, boolean settled) {
        int seconds() {
            return rounds.size() * WARMUP_ROUND_SECONDS;
        }
    }

    /**
     * Requests at {@code rate}, not measured, in rounds until at least {@code --warmup-seconds}
     * have passed and {@link #WARMUP_SETTLED}, or {@code --max-warmup-seconds}.
     */
    private WarmUp warmUp(OpenLoop load, String target, int rate, LongFunction<OpenLoop.Request> nth) throws InterruptedException {
        List<OpenLoop.Step> rounds = new ArrayList<>();
        if (warmupSeconds == 0) {
            return new WarmUp(target, rate, rounds, false);
        }
        console.note(String.format(Locale.ROOT, "  %s: warm-up, not measured, at %d/s in rounds of %d s, at least %d s, then until "
                + "%s, at most %d s", target, rate, WARMUP_ROUND_SECONDS, warmupSeconds, WARMUP_SETTLED, maxWarmupSeconds));
        int maxRounds = Math.max(1, maxWarmupSeconds / WARMUP_ROUND_SECONDS);
        int minRounds = Math.max(2, (warmupSeconds + WARMUP_ROUND_SECONDS - 1) / WARMUP_ROUND_SECONDS);
        boolean settled = false;
        while (!settled && rounds.size() < maxRounds) {
            OpenLoop.Step round = load.run("warm-up " + target, rate, WARMUP_ROUND_SECONDS, nth);
            console.note(String.format(Locale.ROOT, "    round %d: %s", rounds.size() + 1, round.summary()));
            settled = rounds.size() + 1 >= minRounds && settled(rounds.getLast(), round);
            rounds.add(round);
        }
        if (!settled) {
            console.note(String.format(Locale.ROOT, "  %s: its p50 or answers per second were still changing after %d s of warm-up; "
                    + "measured anyway", target, rounds.size() * WARMUP_ROUND_SECONDS));
        }
        return new WarmUp(target, rate, rounds, settled);
    }

    /** Whether {@code round} is close enough to the round {@code before} it: {@link #WARMUP_SETTLED}. */
    private static boolean settled(OpenLoop.Step before, OpenLoop.Step round) {
        double p50 = before.latency().p50();
        double answers = before.achievedPerSecond();
        return Math.abs(round.latency().p50() - p50) <= Math.max(WARMUP_SETTLED_MILLIS, p50 * WARMUP_SETTLED_PERCENT / 100.0)
                && Math.abs(round.achievedPerSecond() - answers) <= answers * WARMUP_SETTLED_RATE_PERCENT / 100.0;
    }

    // --- The service and the benchmark's key ----------------------------------------------------

    /** The search service at its loopback address, called with the benchmark's own key. */
    private record SearchEndpoint(String baseUrl, String key) {
        HttpRequest.Builder request(String pathAndQuery) {
            return HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery)).header("X-Api-Key", key).timeout(REQUEST_TIMEOUT);
        }

        HttpRequest get(String pathAndQuery) {
            return request(pathAndQuery).build();
        }
    }

    /**
     * Appends a key of the benchmark's own, without the default rate limit, to the service's keys
     * file, and waits until the service (which re-reads the file when it changes) accepts it.
     */
    private SearchEndpoint withOwnKey(LocalStackDriver stack, Path keysFile) throws Exception {
        int port = stack.status().path("services").path("search-service").path("ports").path("http").asInt();
        if (port <= 0) {
            throw new IllegalStateException("status --json shows no http port for search-service; is it running? "
                    + "See ./flightdeck status --data-dir " + stack.dataDir());
        }
        if (!Files.isRegularFile(keysFile)) {
            throw new IllegalStateException(keysFile + " is missing: search-service writes it when it first starts; see "
                    + stack.logFile("search-service"));
        }
        String key = ApiKeys.generate();
        String keys = Files.readString(keysFile);
        Files.writeString(keysFile, (keys.isEmpty() || keys.endsWith("\n") ? "" : "\n") + ApiKeys.line(KEY_NAME, key) + KEY_LIMITS + "\n",
                StandardOpenOption.APPEND);
        SearchEndpoint service = new SearchEndpoint("http://127.0.0.1:" + port, key);
        long start = System.nanoTime();
        long deadline = start + KEY_ACCEPTED_WITHIN.toNanos();
        String answer;
        while (!(answer = answer(service.get("/api/airports?q=f"))).equals("200")) {
            BenchSupport.check(deadline, String.format(Locale.ROOT, "search-service did not accept the benchmark's key within %d s "
                    + "(GET /api/airports?q=f: %s); it re-reads %s within seconds of a change: see %s",
                    KEY_ACCEPTED_WITHIN.toSeconds(), answer, keysFile, stack.logFile("search-service")));
            console.update("API key", "waiting for search-service to re-read " + keysFile.getFileName() + " (" + answer + ")");
            TimeUnit.MILLISECONDS.sleep(100);
        }
        console.note(String.format(Locale.ROOT, "  the key '%s' was accepted after %.1f s", KEY_NAME, seconds(System.nanoTime() - start)));
        return service;
    }

    /** The answer's status, or why there was none. */
    private String answer(HttpRequest request) throws InterruptedException {
        try {
            return Integer.toString(http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode());
        } catch (IOException e) {
            return "no answer: " + e;
        }
    }

    // --- The searches ---------------------------------------------------------------------------

    private enum Kind {
        /** from, to and date. */
        ROUTE_AND_DAY,
        /** from and date. */
        ORIGIN_AND_DAY,
        /** from, to and date, with two seats free in economy, cheapest first. */
        SEATS_SORTED_BY_FARE
    }

    /** One search of the mix: its kind, its path and query, the request to the service and the one the service sends Elasticsearch. */
    private record Search(Kind kind, String pathAndQuery, HttpRequest viaService, SearchRequest direct) {
    }

    /** What the searches were: how many of each kind, how many find flights, and each one's path. */
    record Mix(int routeAndDay, int originAndDay, int seatsSortedByFare, int findingFlights, List<String> searches) {
    }

    /** Route + day, seat-filtered route + day sorted by fare, origin + day: airport codes, days with departures; shuffled together. */
    private static List<Search> searches(ClusterProfile endpoints, SearchEndpoint service) throws Exception {
        List<List<String>> routeDays;
        List<List<String>> originDays;
        try (Connection db = connect(endpoints)) {
            routeDays = rows(db, ROUTE_DAYS, 3);
            originDays = rows(db, ORIGIN_DAYS, 2);
        }
        if (routeDays.isEmpty()) {
            throw new IllegalStateException("MySQL holds no flight departing from now on: the searches are taken from future "
                    + "flights; the stack's seed makes some");
        }
        Random random = new Random(SEED);
        Collections.shuffle(routeDays, random);
        Collections.shuffle(originDays, random);
        List<Search> searches = new ArrayList<>();
        for (int i = 0; i < Math.min(routeDays.size(), ROUTE_SEARCHES + SEAT_SEARCHES); i++) {
            List<String> row = routeDays.get(i);
            Map<String, String> parameters = new LinkedHashMap<>();
            parameters.put("from", row.get(0));
            parameters.put("to", row.get(1));
            parameters.put("date", row.get(2));
            boolean seats = i >= ROUTE_SEARCHES;
            if (seats) {
                parameters.put("cabin", "Y");
                parameters.put("seats", "2");
                parameters.put("sort", "fare");
            }
            searches.add(search(seats ? Kind.SEATS_SORTED_BY_FARE : Kind.ROUTE_AND_DAY, parameters, service));
        }
        for (List<String> row : originDays.subList(0, Math.min(originDays.size(), ORIGIN_SEARCHES))) {
            Map<String, String> parameters = new LinkedHashMap<>();
            parameters.put("from", row.get(0));
            parameters.put("date", row.get(1));
            searches.add(search(Kind.ORIGIN_AND_DAY, parameters, service));
        }
        Collections.shuffle(searches, random);
        return searches;
    }

    private static Search search(Kind kind, Map<String, String> parameters, SearchEndpoint service) {
        parameters.put("size", PAGE_SIZE);
        String pathAndQuery = "/api/flights?" + parameters.entrySet().stream()
                .map(p -> p.getKey() + "=" + URLEncoder.encode(p.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return new Search(kind, pathAndQuery, service.get(pathAndQuery), ElasticsearchQueries.forParameters(parameters, ALIAS));
    }

    private static List<List<String>> rows(Connection db, String sql, int columns) throws Exception {
        List<List<String>> rows = new ArrayList<>();
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                List<String> row = new ArrayList<>(columns);
                for (int c = 1; c <= columns; c++) {
                    row.add(r.getString(c));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /** Sends each search once to the service and to Elasticsearch: a search either refuses fails the run before anything is measured. */
    private Mix check(List<Search> searches, ElasticsearchClient elasticsearch) throws Exception {
        int finding = 0;
        for (Search search : searches) {
            HttpResponse<String> answer = http.send(search.viaService(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("search-service answers " + answer.statusCode() + " to GET " + search.pathAndQuery()
                        + ": " + answer.body());
            }
            if (JSON.readTree(answer.body()).path("total").asLong() > 0) {
                finding++;
            }
            try {
                elasticsearch.search(search.direct(), JsonData.class);
            } catch (ElasticsearchException e) {
                throw new IllegalStateException("Elasticsearch refuses the request the service builds for " + search.pathAndQuery()
                        + ": " + e.getMessage(), e);
            }
            console.update("searches", search.pathAndQuery());
        }
        return new Mix(kinds(searches, Kind.ROUTE_AND_DAY), kinds(searches, Kind.ORIGIN_AND_DAY),
                kinds(searches, Kind.SEATS_SORTED_BY_FARE), finding, searches.stream().map(Search::pathAndQuery).toList());
    }

    private static int kinds(List<Search> searches, Kind kind) {
        return (int) searches.stream().filter(s -> s.kind() == kind).count();
    }

    /** Search n of the load, in turn through the mix, to the service. */
    private OpenLoop.Request viaService(List<Search> searches, long n) {
        HttpRequest request = searches.get((int) (n % searches.size())).viaService();
        return () -> http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** The same search n straight to Elasticsearch: the request the service builds, sent with the client library it uses. */
    private static OpenLoop.Request direct(ElasticsearchClient elasticsearch, List<Search> searches, long n) {
        SearchRequest request = searches.get((int) (n % searches.size())).direct();
        return () -> {
            try {
                elasticsearch.search(request, JsonData.class);
                return 200;
            } catch (ElasticsearchException e) {
                return e.status();
            } catch (TransportException e) {
                if (e.statusCode() > 0) {
                    return e.statusCode();
                }
                throw e;
            }
        };
    }

    // --- Seat maps ------------------------------------------------------------------------------

    private static List<Long> futureFlights(ClusterProfile endpoints) throws Exception {
        List<Long> ids = new ArrayList<>();
        try (Connection db = connect(endpoints); Statement s = db.createStatement(); ResultSet r = s.executeQuery(FUTURE_FLIGHTS)) {
            while (r.next()) {
                ids.add(r.getLong(1));
            }
        }
        if (ids.isEmpty()) {
            throw new IllegalStateException("MySQL holds no scheduled flight departing more than a day from now: the seat maps are "
                    + "those of future flights");
        }
        return ids;
    }

    private static String seatMapPath(long flightId) {
        return "/api/flights/" + flightId + "/seatmap";
    }

    /** Seat map n of the load: a flight drawn from the future ones, the same for the same n on every run. */
    private OpenLoop.Request seatMap(SearchEndpoint service, List<Long> future, long n) {
        HttpRequest request = service.get(seatMapPath(future.get(new SplittableRandom(n).nextInt(future.size()))));
        return () -> http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    // --- Commit → seat map ----------------------------------------------------------------------

    /** Milliseconds from a booking's commit returning until the seat map showed its seat taken; bookings whose seat never showed. */
    record CommitToSeatMap(int commits, long pollMillis, long pagePollMillis, Percentiles latency, int notShown) {
    }

    /** A seat free in MySQL and on the seat map, and the seat map's ETag then. */
    private record FreeSeat(long flightId, String seat, String cabin, String etag) {
    }

    private CommitToSeatMap commitToSeatMap(ClusterProfile endpoints, SearchEndpoint service, List<Long> future) throws Exception {
        LatencyRecorder latency = LatencyRecorder.inMicros();
        int notShown = 0;
        SplittableRandom flights = new SplittableRandom(SEED);
        SplittableRandom references = new SplittableRandom();
        try (Connection db = connect(endpoints)) {
            long passenger = newPassenger(db);
            for (int i = 1; i <= commits; i++) {
                FreeSeat free = freeSeat(db, service, future, flights);
                long committed = book(db, passenger, free, references);
                long shown = awaitTaken(service, free, committed, i);
                if (shown < 0) {
                    notShown++;
                    console.note(String.format(Locale.ROOT, "  commit %d of %d: flight %d seat %s not shown taken within %d s", i, commits,
                            free.flightId(), free.seat(), SEAT_SHOWN_WITHIN.toSeconds()));
                } else {
                    latency.record(TimeUnit.NANOSECONDS.toMicros(shown - committed));
                    console.note(String.format(Locale.ROOT, "  commit %d of %d: flight %d seat %s shown taken %,d ms after the commit", i,
                            commits, free.flightId(), free.seat(), TimeUnit.NANOSECONDS.toMillis(shown - committed)));
                }
            }
        }
        return new CommitToSeatMap(commits, POLL.toMillis(), PAGE_POLL.toMillis(), latency.percentiles(), notShown);
    }

    private static long newPassenger(Connection db) throws Exception {
        try (PreparedStatement insert = db.prepareStatement(NEW_PASSENGER, Statement.RETURN_GENERATED_KEYS)) {
            insert.setString(1, "bench-" + UUID.randomUUID() + "@example.org");
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    /**
     * A free seat of a random future flight. The seat map is read first, as the page would have it
     * before a person books, and must show the seat free too.
     */
    private FreeSeat freeSeat(Connection db, SearchEndpoint service, List<Long> future, SplittableRandom random) throws Exception {
        int flights = 100;
        for (int attempt = 0; attempt < flights; attempt++) {
            long flightId = future.get(random.nextInt(future.size()));
            String seat;
            String cabin;
            try (PreparedStatement free = db.prepareStatement(FREE_SEAT)) {
                free.setLong(1, flightId);
                try (ResultSet r = free.executeQuery()) {
                    if (!r.next()) {
                        continue;
                    }
                    seat = r.getString(1);
                    cabin = r.getString(2);
                }
            }
            HttpResponse<String> map = http.send(service.get(seatMapPath(flightId)), HttpResponse.BodyHandlers.ofString());
            if (map.statusCode() == 200 && !taken(map.body(), flightId, seat)) {
                return new FreeSeat(flightId, seat, cabin, map.headers().firstValue("ETag").orElse(null));
            }
        }
        throw new IllegalStateException("none of " + flights + " random future flights has a seat free both in MySQL and on its seat map");
    }

    /** Commits a confirmed booking of the seat and returns System.nanoTime() once the commit has returned. */
    private static long book(Connection db, long passenger, FreeSeat free, SplittableRandom random) throws Exception {
        try (PreparedStatement book = db.prepareStatement(BOOK_SEAT)) {
            book.setString(1, reference(random));
            book.setLong(2, free.flightId());
            book.setLong(3, passenger);
            book.setString(4, free.cabin());
            book.setString(5, free.seat());
            book.executeUpdate(); // autocommit: the statement is the transaction
        }
        return System.nanoTime();
    }

    /** "1" and five letters or digits: the seed and the simulator never start a reference with 1, BookingWorkload starts its with 0. */
    private static String reference(SplittableRandom random) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        StringBuilder reference = new StringBuilder("1");
        for (int i = 0; i < 5; i++) {
            reference.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return reference.toString();
    }

    /**
     * Polls the seat map every {@link #POLL} with If-None-Match, as a page does, until it shows the
     * seat taken; returns System.nanoTime() when that answer arrived, or -1 after {@link #SEAT_SHOWN_WITHIN}.
     */
    private long awaitTaken(SearchEndpoint service, FreeSeat free, long committed, int commit) throws Exception {
        long period = POLL.toNanos();
        long deadline = committed + SEAT_SHOWN_WITHIN.toNanos();
        String etag = free.etag();
        while (true) {
            HttpRequest.Builder request = service.request(seatMapPath(free.flightId()));
            if (etag != null) {
                request.header("If-None-Match", etag);
            }
            HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            long at = System.nanoTime();
            if (answer.statusCode() == 200) {
                if (taken(answer.body(), free.flightId(), free.seat())) {
                    return at;
                }
                etag = answer.headers().firstValue("ETag").orElse(null);
            }
            if (at > deadline) {
                return -1;
            }
            console.update("commit " + commit, String.format(Locale.ROOT, "%,d ms after the commit, seat %s not shown taken yet",
                    TimeUnit.NANOSECONDS.toMillis(at - committed), free.seat()));
            long next = committed + ((at - committed) / period + 1) * period;
            TimeUnit.NANOSECONDS.sleep(next - System.nanoTime());
        }
    }

    private static boolean taken(String seatMap, long flightId, String seat) throws IOException {
        for (JsonNode cabin : JSON.readTree(seatMap).path("cabins")) {
            for (JsonNode row : cabin.path("rows")) {
                for (JsonNode s : row.path("seats")) {
                    if (s.path("seat").asText().equals(seat)) {
                        return s.path("taken").asBoolean();
                    }
                }
            }
        }
        throw new IllegalStateException("seat " + seat + " of flight " + flightId + " is in MySQL's seat_map but not on the service's "
                + "seat map: " + seatMap.substring(0, Math.min(500, seatMap.length())));
    }

    // --- Report ---------------------------------------------------------------------------------

    /** One rate: the service, then Elasticsearch with the same searches, and the service's p99 over Elasticsearch's. */
    record RateStep(int ratePerSecond, OpenLoop.Step service, OpenLoop.Step elasticsearch, double p99ServiceOverElasticsearch) {
    }

    record Report(String at, int cores, String command, Mix searches, int maxInFlight, List<WarmUp> warmUps, List<RateStep> rates,
                  OpenLoop.Step seatMap, CommitToSeatMap commitToSeatMap) {
    }

    private static String markdown(Report r) {
        StringBuilder md = new StringBuilder();
        md.append("# Search benchmark ").append(r.at()).append(" (").append(r.cores()).append(" cores, everything on them)\n\n");
        md.append("`").append(r.command()).append("`\n\n");
        Mix m = r.searches();
        md.append(String.format(Locale.ROOT, "Searches: %d from MySQL's future flights, sent in turn: %d route + day, %d origin + day, "
                        + "%d route + day with `cabin=Y&seats=2&sort=fare`, all `size=20`; %d of them find flights. Open loop: each request "
                        + "is timed from when it was due, not from when it left; at most %d wait for an answer, and one due while %d wait "
                        + "is not sent (counted). Elasticsearch direct: the request the service builds for the same parameters, sent to "
                        + "the alias `%s` with elasticsearch-java right after the service's run, at the same rate.%n%n",
                m.searches().size(), m.routeAndDay(), m.originAndDay(), m.seatsSortedByFare(), m.findingFlights(), r.maxInFlight(),
                r.maxInFlight(), ALIAS));
        if (r.warmUps().stream().allMatch(w -> w.rounds().isEmpty())) {
            md.append("No warm-up.\n\n");
        } else {
            md.append(String.format(Locale.ROOT, "Warm-up, not measured: each target at its highest rate in rounds of %d s, until %s. "
                    + "The first round is what a freshly started process answers:%n%n", WARMUP_ROUND_SECONDS, WARMUP_SETTLED));
            MarkdownTable warm = new MarkdownTable().left("target").right("rate/s", "warm-up", "first round: achieved/s, p50",
                    "last round: achieved/s, p50").left("settled");
            for (WarmUp w : r.warmUps()) {
                OpenLoop.Step first = w.rounds().getFirst();
                OpenLoop.Step last = w.rounds().getLast();
                warm.row(w.target(), count(w.ratePerSecond()), w.seconds() + " s",
                        perSecond(first.achievedPerSecond()) + ", " + msTenths(first.latency().p50()) + " ms",
                        perSecond(last.achievedPerSecond()) + ", " + msTenths(last.latency().p50()) + " ms",
                        w.settled() ? "yes" : "no: measured anyway");
            }
            md.append(warm).append("\n");
        }
        md.append("Latency in ms:\n\n");
        MarkdownTable latency = new MarkdownTable().left("target").right("rate/s", "achieved/s", "samples", "p50", "p90", "p99", "max",
                "not sent").left("errors");
        for (RateStep step : r.rates()) {
            loadRow(latency, "search service `/api/flights`", step.service());
            loadRow(latency, "Elasticsearch direct, same searches", step.elasticsearch());
        }
        loadRow(latency, "seat map `/api/flights/{id}/seatmap`", r.seatMap());
        md.append(latency);
        md.append("\nThe ceiling: the service's p99 next to Elasticsearch's own for the same searches at the same rate, same run:\n\n");
        MarkdownTable ceiling = new MarkdownTable().right("rate/s", "service p99", "Elasticsearch p99", "service / Elasticsearch");
        for (RateStep step : r.rates()) {
            ceiling.row(count(step.ratePerSecond()), msTenths(step.service().latency().p99()) + " ms",
                    msTenths(step.elasticsearch().latency().p99()) + " ms",
                    String.format(Locale.ROOT, "× %.1f", step.p99ServiceOverElasticsearch()));
        }
        md.append(ceiling);
        CommitToSeatMap c = r.commitToSeatMap();
        md.append(String.format(Locale.ROOT, "%nMySQL commit → the seat shown taken on the seat map, ms: %d confirmed bookings of a free "
                + "seat on a random future flight, one at a time, the seat map polled every %d ms with If-None-Match:%n%n",
                c.commits(), c.pollMillis()));
        md.append(MarkdownTable.latencies("stage").latencyRow("commit → seat taken on `/api/flights/{id}/seatmap`", c.latency()));
        md.append(String.format(Locale.ROOT, "%nNot shown taken within %d s: %d. The page polls the seat map every %d s, so what a person "
                + "sees is this plus up to %d s.%n", SEAT_SHOWN_WITHIN.toSeconds(), c.notShown(), c.pagePollMillis() / 1000,
                c.pagePollMillis() / 1000));
        return md.toString();
    }

    private static void loadRow(MarkdownTable table, String target, OpenLoop.Step s) {
        Percentiles p = s.latency();
        table.row(target, count(s.ratePerSecond()), perSecond(s.achievedPerSecond()), count(p.samples()), msTenths(p.p50()),
                msTenths(p.p90()), msTenths(p.p99()), msTenths(p.max()), count(s.notSent()), s.errorList());
    }
}
