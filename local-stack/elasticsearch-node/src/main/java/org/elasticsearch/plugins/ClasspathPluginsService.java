package org.elasticsearch.plugins;

import org.elasticsearch.Build;
import org.elasticsearch.action.admin.cluster.node.info.PluginsAndModules;
import org.elasticsearch.common.settings.Settings;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads plugins from classes already on the classpath, as Elasticsearch's own test framework does.
 *
 * <p>In Elasticsearch's package because {@link PluginsService.LoadedPlugin} and the empty
 * {@link PluginsLoader} constructor are package-private (internal API, pinned version).
 */
public final class ClasspathPluginsService extends PluginsService {

    private final List<LoadedPlugin> plugins;
    private final PluginsAndModules info;

    public ClasspathPluginsService(Settings settings, Path configDir, List<Class<? extends Plugin>> pluginClasses) {
        // No bundles on disk: the base class then loads nothing and we supply the plugins ourselves.
        super(settings, configDir, new PluginsLoader(Set.of(), Set.of(), Map.of()));
        this.plugins = pluginClasses.stream().map(type -> load(type, settings, configDir)).toList();
        loadExtensions(plugins);
        this.info = new PluginsAndModules(plugins.stream().map(p -> new PluginRuntimeInfo(p.descriptor())).toList(), List.of());
    }

    private static LoadedPlugin load(Class<? extends Plugin> type, Settings settings, Path configDir) {
        var descriptor = new PluginDescriptor(
            type.getName(),
            "loaded from the classpath",
            Build.current().version(),
            Build.current().version(),
            Integer.toString(Runtime.version().feature()),
            type.getName(),
            null,
            List.of(),
            false,
            false,
            false,
            false,
            PluginDescriptor.DeploymentTarget.ALL
        );
        return new LoadedPlugin(descriptor, loadPlugin(type, settings, configDir), type.getClassLoader());
    }

    @Override
    protected List<LoadedPlugin> plugins() {
        return plugins;
    }

    @Override
    public PluginsAndModules info() {
        return info;
    }
}
