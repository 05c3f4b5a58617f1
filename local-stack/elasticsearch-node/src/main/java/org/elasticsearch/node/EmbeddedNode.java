package org.elasticsearch.node;

import org.elasticsearch.env.Environment;
import org.elasticsearch.plugins.ClasspathPluginsService;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.plugins.PluginsLoader;
import org.elasticsearch.plugins.PluginsService;

import java.util.List;

/**
 * A real Elasticsearch node whose plugins come from the classpath instead of a distribution's
 * {@code modules/} and {@code plugins/} folders, which Maven Central does not publish.
 *
 * <p>It lives in Elasticsearch's own package because the only way to swap the plugin loading is
 * the package-private {@code Node(NodeConstruction)} constructor with a package-private
 * {@link NodeServiceProvider}. That is internal API: the Elasticsearch version is pinned in the
 * parent POM and must be re-checked against this class whenever it changes.
 */
public final class EmbeddedNode extends Node {

    public EmbeddedNode(Environment environment, List<Class<? extends Plugin>> plugins) {
        super(NodeConstruction.prepareConstruction(environment, null, new NodeServiceProvider() {
            @Override
            PluginsService newPluginService(Environment initialEnvironment, PluginsLoader unused) {
                return new ClasspathPluginsService(initialEnvironment.settings(), initialEnvironment.configDir(), plugins);
            }
        }, true));
    }
}
