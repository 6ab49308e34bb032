package io.tocsin.core.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * The source types that configuration can name: every {@link SourceFactory} that
 * {@link ServiceLoader} finds, core's own first. This package imports no source package: the
 * built-in types register themselves like any other jar's.
 */
final class SourceTypes {

    private final Map<String, List<SourceFactory>> byType = new LinkedHashMap<>();
    private final List<String> unloadable = new ArrayList<>();

    private SourceTypes() {
    }

    /** The factories visible to core's own class loader (or module layer), then those only {@code loader} sees. */
    static SourceTypes load(ClassLoader loader) {
        SourceTypes types = new SourceTypes();
        Set<String> seen = new HashSet<>();
        ClassLoader own = SourceFactory.class.getClassLoader();
        types.add(ServiceLoader.load(SourceFactory.class, own), seen);
        if (loader != null && loader != own) {
            types.add(ServiceLoader.load(SourceFactory.class, loader), seen);
        }
        return types;
    }

    private void add(ServiceLoader<SourceFactory> loader, Set<String> seen) {
        Iterator<SourceFactory> it = loader.iterator();
        while (true) {
            SourceFactory factory;
            try {
                if (!it.hasNext()) {
                    return;
                }
                factory = it.next();
            } catch (ServiceConfigurationError e) {
                // one broken jar must not hide the other types; reported if a type is then missing
                unloadable.add(e.getMessage());
                continue;
            }
            if (!seen.add(factory.getClass().getName())) {
                continue; // the same factory reached through two class loaders
            }
            String type = factory.type();
            if (type == null || type.isBlank()) {
                unloadable.add(factory.getClass().getName() + " names no type");
                continue;
            }
            byType.computeIfAbsent(type, t -> new ArrayList<>(1)).add(factory);
        }
    }

    /** The type names found, core's first. */
    Set<String> names() {
        return byType.keySet();
    }

    /**
     * The factory of the type named by {@code scope}'s required {@code type} key.
     *
     * @throws ConfigException naming the key when the type is unknown (listing the known ones) or
     *     provided by more than one factory
     */
    SourceFactory factory(Settings scope) {
        String type = scope.required("type");
        List<SourceFactory> factories = byType.get(type);
        if (factories == null) {
            String problem = "is not a source type (allowed: " + String.join(", ", byType.keySet()) + ")";
            if (!unloadable.isEmpty()) {
                problem += "; source types that could not be loaded: " + String.join("; ", unloadable);
            }
            throw new ConfigException(scope.key("type"), type, problem);
        }
        if (factories.size() > 1) {
            List<String> classes = new ArrayList<>();
            for (SourceFactory f : factories) {
                classes.add(f.getClass().getName());
            }
            throw new ConfigException(scope.key("type"), type, "is provided by more than one source factory ("
                    + String.join(", ", classes) + "): remove all but one of them from the class path");
        }
        return factories.get(0);
    }
}
