package io.tocsin.core.dnsbl;

import io.tocsin.core.Category;
import io.tocsin.core.Listing;
import io.tocsin.core.SourceResult;
import io.tocsin.core.ip.IpAddress;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Decodes Project Honey Pot http:BL answers, {@code 127.days.threat.type}: days since the address
 * was last seen, a threat score (0-255, logarithmic), and the visitor type as bits (1 suspicious,
 * 2 harvester, 4 comment spammer; 0 alone is a search engine, which is never listed).
 */
final class HttpBlAnswer {

    static final int SUSPICIOUS = 1;
    static final int HARVESTER = 2;
    static final int COMMENT_SPAMMER = 4;

    private HttpBlAnswer() {
    }

    /**
     * The result of the answer {@code code}.
     *
     * @param maxAgeDays entries last seen longer ago are ignored; negative for no limit
     * @param minThreat entries with a lower threat score are ignored
     * @param category the category of every listing, or {@code null} to derive it from the visitor type
     */
    static SourceResult decode(String source, int code, int maxAgeDays, int minThreat, Category category) {
        if ((code >>> 24) != 127) {
            return SourceResult.failed(SourceResult.Failure.ERROR,
                    "http:BL answered " + IpAddress.ofIpv4(code) + ", which is not an http:BL answer (is the access key right?)");
        }
        int days = (code >>> 16) & 0xFF;
        int threat = (code >>> 8) & 0xFF;
        int type = code & 0xFF;
        if (type == 0) {
            return SourceResult.NOT_LISTED; // a search engine
        }
        if ((maxAgeDays >= 0 && days > maxAgeDays) || threat < minThreat) {
            return SourceResult.NOT_LISTED;
        }
        Set<Category> categories = EnumSet.noneOf(Category.class);
        List<String> kinds = new ArrayList<>();
        if ((type & COMMENT_SPAMMER) != 0) {
            categories.add(Category.SPAM);
            kinds.add("comment spammer");
        }
        if ((type & HARVESTER) != 0) {
            categories.add(Category.SPAM);
            kinds.add("e-mail harvester");
        }
        if ((type & SUSPICIOUS) != 0) {
            categories.add(Category.OTHER);
            kinds.add("suspicious");
        }
        if ((type & ~7) != 0) {
            categories.add(Category.OTHER);
            kinds.add("type " + type);
        }
        if (category != null) {
            categories = EnumSet.of(category);
        }
        String reason = "Project Honey Pot: " + String.join(", ", kinds) + "; threat score " + threat
                + "; last seen " + (days == 0 ? "today" : days == 1 ? "1 day ago" : days + " days ago");
        return SourceResult.listed(new Listing(source, categories, List.of(IpAddress.ofIpv4(code).toString()), reason));
    }
}
