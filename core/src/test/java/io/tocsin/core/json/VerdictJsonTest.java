package io.tocsin.core.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.tocsin.core.Category;
import io.tocsin.core.Listing;
import io.tocsin.core.SourceError;
import io.tocsin.core.SourceResult;
import io.tocsin.core.Verdict;
import io.tocsin.core.ip.IpAddress;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The one JSON shape of a verdict, shared by the CLI's check and the filter's verdict endpoint. */
class VerdictJsonTest {

    private static final IpAddress IP = IpAddress.parse("192.0.2.66");
    private static final Set<Category> INFECTED = EnumSet.of(Category.INFECTED);

    @Test
    void defaultWeightsWriteTheDocumentedShape() {
        Verdict v = Verdict.of(IP, List.of(new Listing("bl", Category.INFECTED, List.of("127.0.0.4"), "infected: sober")),
                List.of(), INFECTED);
        assertThat(VerdictJson.write(v)).isEqualTo("{\"ip\":\"192.0.2.66\",\"listed\":true,\"notify\":true,"
                + "\"categories\":[\"infected\"],"
                + "\"listings\":[{\"source\":\"bl\",\"categories\":[\"infected\"],\"codes\":[\"127.0.0.4\"],"
                + "\"reason\":\"infected: sober\",\"weight\":1,\"counted\":true}],\"errors\":[],"
                + "\"score\":1,\"threshold\":1,\"decision\":\"notify\"}");
    }

    @Test
    void aVetoShowsEveryWeightAndWhatCounted() {
        Verdict v = Verdict.of(IP, List.of(
                new Listing("xbl", Category.INFECTED, List.of("127.0.0.4"), null).withWeight(2),
                new Listing("pbl", Category.POLICY, List.of("127.0.0.10"), null).withWeight(0.5),
                new Listing("campus", Category.OTHER, List.of(), null).withWeight(-100)),
                List.of(new SourceError("slowbl", SourceResult.Failure.TIMEOUT, "no answer within 1s")), INFECTED, 1.5);
        assertThat(VerdictJson.write(v)).isEqualTo("{\"ip\":\"192.0.2.66\",\"listed\":true,\"notify\":false,"
                + "\"categories\":[\"infected\",\"policy\",\"other\"],"
                + "\"listings\":[{\"source\":\"xbl\",\"categories\":[\"infected\"],\"codes\":[\"127.0.0.4\"],\"reason\":null,\"weight\":2,\"counted\":true},"
                + "{\"source\":\"pbl\",\"categories\":[\"policy\"],\"codes\":[\"127.0.0.10\"],\"reason\":null,\"weight\":0.5,\"counted\":false},"
                + "{\"source\":\"campus\",\"categories\":[\"other\"],\"codes\":[],\"reason\":null,\"weight\":-100,\"counted\":true}],"
                + "\"errors\":[{\"source\":\"slowbl\",\"error\":\"no answer within 1s\"}],"
                + "\"score\":-98,\"threshold\":1.5,\"decision\":\"vetoed\"}");
    }

    @Test
    void earlyAndUnknownVerdictsSaySo() {
        Verdict early = Verdict.decidedEarly(IP, List.of(new Listing("xbl", Category.INFECTED, List.of(), null)), List.of(),
                INFECTED, 1, List.of("slow"));
        assertThat(VerdictJson.write(early))
                .endsWith("\"errors\":[],\"score\":1,\"threshold\":1,\"decision\":\"notify\",\"complete\":false,\"pending\":[\"slow\"]}");
        assertThat(VerdictJson.write(Verdict.unknown(IP))).isEqualTo("{\"ip\":\"192.0.2.66\",\"listed\":false,\"notify\":false,"
                + "\"categories\":[],\"listings\":[],\"errors\":[],\"score\":0,\"threshold\":1,\"decision\":\"unknown\",\"complete\":false}");
    }

    @Test
    void aCompleteVerdictReadsBackAsWritten() {
        Verdict v = Verdict.of(IP, List.of(
                new Listing("xbl", EnumSet.of(Category.INFECTED, Category.SPAM), List.of("127.0.0.4"), "sober \"quoted\" ü").withWeight(0.5),
                new Listing("campus", Category.OTHER, List.of(), null).withWeight(-100)),
                List.of(new SourceError("slow", SourceResult.Failure.TIMEOUT, "no answer within 2s")), INFECTED, 0.5);
        Verdict read = VerdictJson.read(VerdictJson.write(v), INFECTED);
        assertThat(VerdictJson.write(read)).as("what is shared is what was written").isEqualTo(VerdictJson.write(v));
        assertThat(read.shouldNotify()).isEqualTo(v.shouldNotify());
        assertThat(VerdictJson.read(VerdictJson.write(Verdict.clean(IP)), INFECTED)).isEqualTo(Verdict.clean(IP));
    }

    @Test
    void incompleteOrBrokenVerdictsAreRefused() {
        Verdict early = Verdict.decidedEarly(IP, List.of(), List.of(), INFECTED, 1, List.of("slow"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> VerdictJson.read(VerdictJson.write(early), INFECTED))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("incomplete");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> VerdictJson.read("{\"ip\":\"nope\"}", INFECTED))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
