package io.tocsin.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A listing's reason is capped in one place, whichever source wrote it. */
class ListingTest {

    private static Listing listing(String reason) {
        return new Listing("bl", Category.INFECTED, List.of(), reason);
    }

    @Test
    void aReasonUpToTheCapIsKeptWhole() {
        String reason = "x".repeat(Listing.MAX_REASON_LENGTH);
        assertThat(listing(reason).reason()).isEqualTo(reason);
        assertThat(listing(null).reason()).isNull();
    }

    @Test
    void aLongerReasonIsCutWithAnEllipsis() {
        assertThat(listing("x".repeat(Listing.MAX_REASON_LENGTH + 1)).reason())
                .isEqualTo("x".repeat(Listing.MAX_REASON_LENGTH) + "\u2026");
    }

    @Test
    void theCutNeverSplitsASurrogatePair() {
        String reason = "x".repeat(Listing.MAX_REASON_LENGTH - 1) + "\uD83D\uDE00" + "y";
        assertThat(listing(reason).reason()).as("the emoji straddling the cap goes whole")
                .isEqualTo("x".repeat(Listing.MAX_REASON_LENGTH - 1) + "\u2026");
    }

    @Test
    void cuttingTwiceChangesNothing() {
        for (String reason : List.of("x".repeat(2000), "x".repeat(Listing.MAX_REASON_LENGTH - 1) + "\uD83D\uDE00z")) {
            String once = listing(reason).reason();
            assertThat(listing(once).reason()).as("a listing copied with its reason, e.g. a TXT reason added").isEqualTo(once);
        }
    }
}
