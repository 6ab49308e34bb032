package io.tocsin.core.config;

import io.tocsin.core.abuseipdb.AbuseIpDbSourceFactory;
import io.tocsin.core.crowdsec.CrowdsecSourceFactory;
import io.tocsin.core.dnsbl.DnsblSourceFactory;
import io.tocsin.core.feed.FeedSourceFactory;
import io.tocsin.core.httpjson.HttpJsonSourceFactory;
import io.tocsin.core.list.ListSourceFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;

/** The source types that configuration can name: the built-in ones, plus any found by {@link ServiceLoader}. */
final class SourceTypes {

    private static final Map<String, SourceFactory> BUILT_IN = builtIn();

    private SourceTypes() {
    }

    private static Map<String, SourceFactory> builtIn() {
        Map<String, SourceFactory> types = new LinkedHashMap<>();
        register(types, new DnsblSourceFactory());
        register(types, new ListSourceFactory());
        register(types, new CrowdsecSourceFactory());
        register(types, new AbuseIpDbSourceFactory());
        register(types, new HttpJsonSourceFactory());
        register(types, new FeedSourceFactory());
        return types;
    }

    private static void register(Map<String, SourceFactory> types, SourceFactory factory) {
        types.put(factory.type(), factory);
    }

    static Map<String, SourceFactory> all(ClassLoader loader) {
        Map<String, SourceFactory> types = new LinkedHashMap<>(BUILT_IN);
        for (SourceFactory factory : ServiceLoader.load(SourceFactory.class, loader)) {
            types.putIfAbsent(factory.type(), factory);
        }
        return types;
    }
}
