package dev.flightdeck.stack.elasticsearch;

import org.apache.lucene.util.SetOnce;
import org.elasticsearch.Build;
import org.elasticsearch.client.internal.node.NodeClient;
import org.elasticsearch.cluster.ClusterState;
import org.elasticsearch.cluster.metadata.Metadata;
import org.elasticsearch.cluster.node.DiscoveryNodes;
import org.elasticsearch.cluster.service.ClusterService;
import org.elasticsearch.features.NodeFeature;
import org.elasticsearch.index.IndexVersion;
import org.elasticsearch.node.Node;
import org.elasticsearch.plugins.ActionPlugin;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.rest.BaseRestHandler;
import org.elasticsearch.rest.RestHandler;
import org.elasticsearch.rest.RestRequest;
import org.elasticsearch.rest.RestResponse;
import org.elasticsearch.rest.RestStatus;
import org.elasticsearch.xcontent.XContentBuilder;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static org.elasticsearch.rest.RestRequest.Method.GET;
import static org.elasticsearch.rest.RestRequest.Method.HEAD;

/**
 * Answers {@code GET /} and {@code HEAD /} with the node's name, cluster and version, as the
 * distribution's {@code rest-root} module does. That module is not published to Maven Central,
 * and without it clients that call {@code info()} first (elasticsearch-java, Kibana, curl users)
 * get HTTP 405.
 */
public final class RootInfoPlugin extends Plugin implements ActionPlugin {

    // The REST handler is built after createComponents, which is where the cluster service is handed out.
    private final SetOnce<ClusterService> clusterService = new SetOnce<>();

    @Override
    public Collection<?> createComponents(PluginServices services) {
        clusterService.set(services.clusterService());
        return List.of();
    }

    @Override
    public Collection<RestHandler> getRestHandlers(
        RestHandlersServices services,
        Supplier<DiscoveryNodes> nodesInCluster,
        Predicate<NodeFeature> clusterSupportsFeature
    ) {
        return List.of(new RootInfoHandler(Node.NODE_NAME_SETTING.get(services.settings()), clusterService.get()));
    }

    private static final class RootInfoHandler extends BaseRestHandler {
        private final String nodeName;
        private final ClusterService clusterService;

        RootInfoHandler(String nodeName, ClusterService clusterService) {
            this.nodeName = nodeName;
            this.clusterService = clusterService;
        }

        @Override
        public String getName() {
            return "flightdeck_root_info";
        }

        @Override
        public List<Route> routes() {
            return List.of(new Route(GET, "/"), new Route(HEAD, "/"));
        }

        @Override
        public boolean canTripCircuitBreaker() {
            return false; // must answer even when the node is short of memory: it is the liveness probe
        }

        @Override
        protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) {
            return channel -> {
                XContentBuilder body = channel.newBuilder();
                if (request.hasParam("pretty") == false) {
                    body.prettyPrint().lfAtEnd(); // pretty by default, like the real endpoint
                }
                writeInfo(body, clusterService.state());
                channel.sendResponse(new RestResponse(RestStatus.OK, body));
            };
        }

        private void writeInfo(XContentBuilder body, ClusterState state) throws IOException {
            Build build = Build.current();
            String clusterUuid = state.metadata().clusterUUIDCommitted() ? state.metadata().clusterUUID() : Metadata.UNKNOWN_CLUSTER_UUID;
            body.startObject()
                .field("name", nodeName)
                .field("cluster_name", state.getClusterName().value())
                .field("cluster_uuid", clusterUuid)
                .startObject("version")
                .field("number", build.qualifiedVersion())
                .field("build_flavor", build.flavor())
                .field("build_type", build.type().displayName())
                .field("build_hash", build.hash())
                .field("build_date", build.date())
                .field("build_snapshot", build.isSnapshot())
                .field("lucene_version", IndexVersion.current().luceneVersion().toString())
                .field("minimum_wire_compatibility_version", build.minWireCompatVersion())
                .field("minimum_index_compatibility_version", build.minIndexCompatVersion())
                .endObject()
                .field("tagline", "You Know, for Search")
                .endObject();
        }
    }
}
