package io.tocsin.core.dnsbl;

import static org.assertj.core.api.Assertions.assertThat;

import io.tocsin.core.Category;
import io.tocsin.core.SourceResult;
import io.tocsin.core.ip.IpAddress;
import org.junit.jupiter.api.Test;

class HttpBlAnswerTest {

    private static SourceResult decode(String answer, int maxAge, int minThreat) {
        return HttpBlAnswer.decode("httpbl", IpAddress.parse(answer).ipv4Bits(), maxAge, minThreat, null);
    }

    @Test
    void decodesDaysThreatAndType() {
        SourceResult result = decode("127.3.25.5", -1, 0);
        assertThat(result).isInstanceOf(SourceResult.Listed.class);
        SourceResult.Listed listed = (SourceResult.Listed) result;
        assertThat(listed.listing().categories()).containsExactly(Category.SPAM, Category.OTHER);
        assertThat(listed.listing().codes()).containsExactly("127.3.25.5");
        assertThat(listed.listing().reason()).contains("comment spammer", "suspicious", "threat score 25", "3 days ago");
    }

    @Test
    void searchEnginesAreNeverListed() {
        assertThat(decode("127.0.0.0", -1, 0)).isEqualTo(SourceResult.NOT_LISTED);
    }

    @Test
    void oldAndHarmlessEntriesAreIgnoredWhenAsked() {
        assertThat(decode("127.40.50.4", 30, 0)).isEqualTo(SourceResult.NOT_LISTED);
        assertThat(decode("127.20.50.4", 30, 0)).isInstanceOf(SourceResult.Listed.class);
        assertThat(decode("127.1.9.4", -1, 10)).isEqualTo(SourceResult.NOT_LISTED);
        assertThat(decode("127.1.10.4", -1, 10)).isInstanceOf(SourceResult.Listed.class);
    }

    @Test
    void aConfiguredCategoryReplacesTheDerivedOnes() {
        SourceResult result = HttpBlAnswer.decode("httpbl", IpAddress.parse("127.1.30.4").ipv4Bits(), -1, 0, Category.INFECTED);
        assertThat(((SourceResult.Listed) result).listing().categories()).containsExactly(Category.INFECTED);
    }

    @Test
    void answersOutside127AreErrors() {
        assertThat(decode("10.1.2.4", -1, 0)).isInstanceOf(SourceResult.Failed.class);
    }
}
