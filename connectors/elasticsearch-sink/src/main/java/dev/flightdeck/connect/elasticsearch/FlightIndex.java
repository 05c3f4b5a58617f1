package dev.flightdeck.connect.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.ErrorCause;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.indices.IndexSettings;
import co.elastic.clients.elasticsearch.indices.PutIndexTemplateRequest;
import co.elastic.clients.elasticsearch.indices.put_index_template.IndexTemplateMapping;
import co.elastic.clients.json.JsonpMapper;
import co.elastic.clients.transport.TransportException;
import co.elastic.clients.util.BinaryData;
import dev.flightdeck.connect.elasticsearch.ElasticsearchSinkConfig.IndexSetup;
import dev.flightdeck.connect.sink.AvailabilityUpdate;
import dev.flightdeck.connect.sink.ReadModelWriter;
import dev.flightdeck.connect.sink.UpdateOutcome;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.ToLongFunction;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Elasticsearch read model of flights: one document per flight (id = flight id) in the
 * index behind an alias (default {@code flights} → {@code flights-v2}), layout in
 * {@code flights-template.json}. Every write carries the flight's version as an external_gte
 * version, so Elasticsearch itself refuses a version older than the stored one; a delete leaves
 * its version behind for {@code index.gc_deletes}, so an older write redelivered later is refused
 * too. Writes go to the alias, so a reindex into a new index is a move of the alias. Public for
 * the benchmark's ceiling, which lays out its index the same way.
 */
public final class FlightIndex implements ReadModelWriter {

    private static final Logger log = LoggerFactory.getLogger(FlightIndex.class);

    static final String TEMPLATE_RESOURCE = "flights-template.json";
    static final String TEMPLATE_NAME = "flightdeck-flights";

    /** Upper bound of an action line with its newline: {"index":{"_id":…,"_index":…,"version":…,"version_type":"external_gte"}}. */
    private static final long ACTION_LINE_BYTES = 128;

    /**
     * Failures that pass by themselves, or that an operator fixes without touching the data:
     * overload, a shard moving, a node leaving, a write block (disk full), the alias being moved.
     * Retried, then redelivered by Connect; never sent to the dead-letter topic.
     */
    private static final Set<String> TRANSIENT_ERRORS = Set.of("es_rejected_execution_exception", "circuit_breaking_exception",
            "unavailable_shards_exception", "no_shard_available_action_exception", "primary_missing_action_exception",
            "node_closed_exception", "node_not_connected_exception", "connect_transport_exception", "cluster_block_exception",
            "process_cluster_event_timeout_exception", "index_not_found_exception", "timeout_exception");

    /** The most a bulk request holds; a batch is split to stay within both. */
    public record BulkLimits(int maxActions, long maxBytes) {
    }

    private final ElasticsearchClient client;
    private final String alias;
    private final String indexName;
    private final String gcDeletes;
    private final BulkLimits limits;
    private final IndexSetup setup;

    public FlightIndex(ElasticsearchClient client, String alias, String indexName, String gcDeletes, BulkLimits limits,
                       IndexSetup setup) {
        this.client = client;
        this.alias = alias;
        this.indexName = indexName;
        this.gcDeletes = gcDeletes;
        this.limits = limits;
        this.setup = setup;
    }

    @Override
    public String target() {
        return "Elasticsearch alias " + alias;
    }

    /**
     * Makes sure the alias is there to write to. CREATE_IF_MISSING (re)puts the template, then, if
     * the alias is missing, creates the index with the alias; tasks that start together race
     * harmlessly (an index that already exists is success). REQUIRE_EXISTING only checks.
     */
    @Override
    public void prepare() throws IOException {
        if (setup == IndexSetup.REQUIRE_EXISTING) {
            if (!aliasExists()) {
                throw new ConnectException("alias " + alias + " does not exist in Elasticsearch and " + ElasticsearchSinkConfig.INDEX_SETUP_CONFIG
                        + " is " + IndexSetup.REQUIRE_EXISTING + ": create index " + indexName + " (layout in " + TEMPLATE_RESOURCE
                        + ") with the alias " + alias + ", or set " + ElasticsearchSinkConfig.INDEX_SETUP_CONFIG + "=" + IndexSetup.CREATE_IF_MISSING);
            }
            return;
        }
        PutIndexTemplateRequest template = template(TEMPLATE_NAME, gcDeletes, client._jsonpMapper());
        client.indices().putIndexTemplate(template);
        if (aliasExists()) {
            return;
        }
        // Settings and mappings given explicitly: the index is right even if its name does not match the template's pattern.
        IndexTemplateMapping layout = template.template();
        try {
            client.indices().create(c -> c.index(indexName).settings(layout.settings()).mappings(layout.mappings())
                    .aliases(alias, a -> a.isWriteIndex(true)));
            log.info("Created index {} behind alias {}", indexName, alias);
        } catch (ElasticsearchException e) {
            if (e.error() == null || !"resource_already_exists_exception".equals(e.error().type())) {
                throw e;
            }
            // Another task created it, or the index exists without the alias: adding the alias again changes nothing.
            client.indices().putAlias(p -> p.index(indexName).name(alias).isWriteIndex(true));
            log.info("Index {} already existed; alias {} points to it", indexName, alias);
        }
    }

    private boolean aliasExists() throws IOException {
        return client.indices().existsAlias(e -> e.name(alias)).value();
    }

    /** The template of flights-template.json with index.gc_deletes set, under {@code name}. */
    static PutIndexTemplateRequest template(String name, String gcDeletes, JsonpMapper mapper) {
        PutIndexTemplateRequest fromFile;
        try (InputStream in = FlightIndex.class.getResourceAsStream(TEMPLATE_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(TEMPLATE_RESOURCE + " is missing from the plugin");
            }
            fromFile = PutIndexTemplateRequest.of(b -> b.name(name).withJson(mapper.jsonProvider().createParser(in), mapper));
        } catch (IOException e) {
            throw new IllegalStateException(TEMPLATE_RESOURCE + " cannot be read from the plugin", e);
        }
        IndexTemplateMapping layout = fromFile.template();
        IndexSettings settings = layout.settings();
        IndexSettings index = settings.index() == null ? IndexSettings.of(s -> s) : settings.index();
        IndexSettings withGcDeletes = settings.rebuild().index(index.rebuild().gcDeletes(t -> t.time(gcDeletes)).build()).build();
        return fromFile.rebuild().template(layout.rebuild().settings(withGcDeletes).build()).build();
    }

    /**
     * Writes the updates (at most one per flight) in bulk requests within the limits, and says
     * what became of each by its bulk item. Throws when a whole request fails (connection refused,
     * timeout, 429/5xx from the cluster): resending is safe, the versions make a repeated write
     * change nothing.
     */
    @Override
    public List<UpdateOutcome> write(List<AvailabilityUpdate> updates) throws IOException {
        JsonpMapper mapper = client._jsonpMapper();
        UpdateOutcome[] outcomes = new UpdateOutcome[updates.size()];
        List<Action> actions = new ArrayList<>(updates.size());
        for (int i = 0; i < updates.size(); i++) {
            AvailabilityUpdate update = updates.get(i);
            if (update.version() < 0) {
                // Refused by Elasticsearch for the whole request, not the item: keep it out of the request.
                outcomes[i] = UpdateOutcome.refused("version " + update.version() + " of flight " + update.flightId()
                        + " is negative; Elasticsearch external versions start at 0");
                continue;
            }
            actions.add(action(i, update, mapper));
        }
        for (List<Action> request : split(actions, Action::bytes, limits)) {
            BulkResponse response = client.bulk(b -> b.requireAlias(true).operations(request.stream().map(Action::operation).toList()));
            List<BulkResponseItem> items = response.items();
            if (items.size() != request.size()) {
                throw new IllegalStateException("bulk response has " + items.size() + " items for " + request.size() + " actions");
            }
            for (int i = 0; i < items.size(); i++) {
                BulkResponseItem item = items.get(i);
                outcomes[request.get(i).position()] = classify(item.status(), item.error() == null ? null : item.error().type(), reason(item));
            }
        }
        return Arrays.asList(outcomes);
    }

    /** One update as a bulk action, with the bytes it adds to the request. */
    private record Action(int position, BulkOperation operation, long bytes) {
    }

    private Action action(int position, AvailabilityUpdate update, JsonpMapper mapper) {
        String id = Long.toString(update.flightId());
        long actionBytes = ACTION_LINE_BYTES + alias.length();
        return switch (update) {
            case AvailabilityUpdate.Upsert upsert -> {
                BinaryData json = FlightDocuments.json(upsert.flight(), mapper);
                yield new Action(position, BulkOperation.of(o -> o.index(i -> i.index(alias).id(id).version(update.version())
                        .versionType(VersionType.ExternalGte).document(json))), actionBytes + json.size() + 1);
            }
            case AvailabilityUpdate.Delete delete -> new Action(position, BulkOperation.of(o -> o.delete(d -> d.index(alias).id(id)
                    .version(delete.version()).versionType(VersionType.ExternalGte))), actionBytes);
        };
    }

    /**
     * Consecutive groups of the items, each at most {@code maxActions} items and {@code maxBytes}
     * bytes; an item larger than {@code maxBytes} on its own goes alone (it cannot be split).
     */
    static <T> List<List<T>> split(List<T> items, ToLongFunction<T> bytes, BulkLimits limits) {
        List<List<T>> requests = new ArrayList<>();
        List<T> current = new ArrayList<>();
        long currentBytes = 0;
        for (T item : items) {
            long size = bytes.applyAsLong(item);
            if (!current.isEmpty() && (current.size() == limits.maxActions() || currentBytes + size > limits.maxBytes())) {
                requests.add(List.copyOf(current));
                current.clear();
                currentBytes = 0;
            }
            current.add(item);
            currentBytes += size;
        }
        if (!current.isEmpty()) {
            requests.add(List.copyOf(current));
        }
        return requests;
    }

    /**
     * One bulk item by its HTTP status and error type (null when the item has no error). A 409
     * is the version guard at work: the index holds a newer version, so this one is skipped. A
     * delete of a flight never indexed answers 404 without an error and counts as written, since
     * its version is kept all the same. Overload, unavailable shards and 5xx are worth sending
     * again; the rest (mapping, parsing, illegal argument) Elasticsearch will never take.
     */
    static UpdateOutcome classify(int status, String errorType, String reason) {
        if (status == 409 || "version_conflict_engine_exception".equals(errorType)) {
            return UpdateOutcome.SKIPPED_AS_NOT_NEWER;
        }
        if (isTransientFailure(status, errorType)) {
            return UpdateOutcome.failedTransiently(reason);
        }
        if (errorType == null && (status < 300 || status == 404)) {
            return UpdateOutcome.WRITTEN;
        }
        return UpdateOutcome.refused(reason);
    }

    @Override
    public boolean isTransient(Exception failure) {
        return isTransientFailure(failure);
    }

    /**
     * Whole-request failures that pass by themselves: connection refused, timeouts, 429 and 5xx
     * from the cluster (or a proxy), overload. Not: 401, 403, 400 on the request, bugs.
     */
    static boolean isTransientFailure(Exception e) {
        return switch (e) {
            case ElasticsearchException refused -> isTransientFailure(refused.status(), refused.error() == null ? null : refused.error().type());
            case TransportException transport -> transport.response() == null || isTransientFailure(transport.statusCode(), null);
            case IOException io -> true;
            case UncheckedIOException io -> true;
            default -> false;
        };
    }

    /** A failure (of an item or a whole request) that passes by itself: 429, 5xx, or an error type of {@link #TRANSIENT_ERRORS}. */
    static boolean isTransientFailure(int status, String errorType) {
        return status == 429 || status >= 500 || errorType != null && TRANSIENT_ERRORS.contains(errorType);
    }

    private static String reason(BulkResponseItem item) {
        return item.error() == null ? "status " + item.status() : "status " + item.status() + ", " + reason(item.error());
    }

    /** "type: reason", with the cause when Elasticsearch gives one (mapper_parsing_exception says little on its own). */
    static String reason(ErrorCause error) {
        String reason = error.reason() == null ? error.type() : error.type() + ": " + error.reason();
        return error.causedBy() == null ? reason : reason + " (caused by " + reason(error.causedBy()) + ")";
    }

    @Override
    public void close() throws IOException {
        client.close();
    }
}
