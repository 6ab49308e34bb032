package io.tocsin.core.list;

import io.tocsin.core.Category;
import io.tocsin.core.EnumerableSource;
import io.tocsin.core.ListedRange;
import io.tocsin.core.Listing;
import io.tocsin.core.Source;
import io.tocsin.core.SourceResult;
import io.tocsin.core.ip.IpAddress;
import io.tocsin.core.ip.IpRange;
import io.tocsin.core.ip.IpSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * A fixed list of addresses and CIDR ranges given in the configuration: the demo's default, and a
 * simple way to list (or test with) a few addresses by hand.
 */
public final class ListSource implements EnumerableSource {

    private final String name;
    private final IpSet entries;
    private final CompletableFuture<SourceResult> listed;
    private final String lookupUrl;

    public ListSource(String name, IpSet entries, Category category) {
        this(name, entries, category, null);
    }

    /**
     * @param lookupUrl a page where a visitor looks an address up, {@code {ip}} standing for it; {@code null} for none
     */
    public ListSource(String name, IpSet entries, Category category, String lookupUrl) {
        this.lookupUrl = lookupUrl;
        this.name = Objects.requireNonNull(name, "name");
        this.entries = Objects.requireNonNull(entries, "entries");
        this.listed = CompletableFuture.completedFuture(
                SourceResult.listed(new Listing(name, category, List.of(), null)));
    }

    private static final CompletableFuture<SourceResult> NOT_LISTED = CompletableFuture.completedFuture(SourceResult.NOT_LISTED);

    @Override
    public String name() {
        return name;
    }

    @Override
    public CompletionStage<SourceResult> query(IpAddress ip) {
        return entries.contains(ip) ? listed : NOT_LISTED;
    }

    @Override
    public Optional<String> lookupUrl(IpAddress ip) {
        return Source.lookupUrl(lookupUrl, ip);
    }

    @Override
    public boolean forEachListed(Consumer<? super ListedRange> action) {
        Listing listing = ((SourceResult.Listed) listed.join()).listing();
        for (IpRange range : entries.ranges()) {
            action.accept(new ListedRange(range, listing));
        }
        return true;
    }

    @Override
    public String toString() {
        return "ListSource{" + name + ", " + entries + "}";
    }
}
