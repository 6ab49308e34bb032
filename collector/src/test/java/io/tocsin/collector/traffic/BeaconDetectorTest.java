package io.tocsin.collector.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tocsin.core.config.ConfigException;
import io.tocsin.core.config.Settings;
import io.tocsin.core.ip.IpAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The detector's rules, hit by hit: thresholds, bursts, late hits, eviction, reporting again. */
class BeaconDetectorTest {

    private static final IpAddress CLIENT = IpAddress.parse("192.0.2.66");
    private final List<BeaconFlag> flags = new ArrayList<>();

    private BeaconDetector detector(String... keyValues) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put(keyValues[i], keyValues[i + 1]);
        }
        return new BeaconDetector(SenseSettings.from(Settings.of(map)), flags::add);
    }

    @Test
    void aBeaconEveryMinuteWithJitterIsFlaggedAtExactlyMinHits() {
        BeaconDetector detector = detector();
        Random random = new Random(1);
        long t = 0;
        for (int i = 1; i <= 11; i++) {
            detector.hit(CLIENT, 0, t);
            t += 60_000 + random.nextInt(12_000) - 6_000;
        }
        assertThat(flags).as("11 hits are not yet min-hits").isEmpty();
        detector.hit(CLIENT, 0, t);
        assertThat(flags).singleElement().satisfies(f -> {
            assertThat(f.hits()).isEqualTo(12);
            assertThat(f.beacon()).isEqualTo("people.freenet.de");
            assertThat(f.threat()).isEqualTo("beacon: people.freenet.de");
            assertThat(f.regularity()).isBetween(0.9, 1.0);
        });
        for (int i = 0; i < 100; i++) {
            t += 60_000;
            detector.hit(CLIENT, 0, t);
        }
        assertThat(flags).as("reported once, not once a hit").hasSize(1);
        for (int i = 0; i < 24 * 60; i++) {
            t += 60_000;
            detector.hit(CLIENT, 0, t);
        }
        assertThat(flags).as("still beaconing a day later: reported again, to keep the evidence fresh").hasSize(2);
        assertThat(flags.get(1).last().toEpochMilli() - flags.get(0).last().toEpochMilli()).isEqualTo(BeaconDetector.REPORT_AGAIN_MILLIS);
    }

    @Test
    void aPersonIsNeverFlaggedHoweverLongTheyBrowse() {
        BeaconDetector detector = detector();
        Random random = new Random(2);
        long t = 0;
        for (int i = 0; i < 2_000; i++) {
            detector.hit(CLIENT, 4, t);
            t += (long) (30_000 * Math.exp(1.2 * random.nextGaussian())) + 5_000;
        }
        assertThat(flags).isEmpty();
    }

    @Test
    void burstsAreOneHitAndLateHitsFindTheirPlace() {
        BeaconDetector detector = detector("tocsin.sense.min-hits", "4");
        // A and AAAA and a retry within the burst: one hit each beat
        for (int beat = 0; beat < 3; beat++) {
            detector.hit(CLIENT, 0, beat * 60_000L);
            detector.hit(CLIENT, 0, beat * 60_000L + 300);
            detector.hit(CLIENT, 0, beat * 60_000L + 1_200);
        }
        assertThat(flags).isEmpty();
        // the fourth beat arrives late, after the fifth (a rotated file read out of order)
        detector.hit(CLIENT, 0, 4 * 60_000L + 1_200);
        assertThat(flags).as("a gap of two beats is no rhythm yet at 4 hits").isEmpty();
        detector.hit(CLIENT, 0, 3 * 60_000L + 1_200);
        assertThat(flags).singleElement().satisfies(f -> {
            assertThat(f.hits()).isEqualTo(5);
            assertThat(f.regularity()).isEqualTo(1.0);
        });
    }

    @Test
    void theWindowForgetsOldHits() {
        BeaconDetector detector = detector("tocsin.sense.window", "10m");
        for (int i = 0; i < 30; i++) {
            detector.hit(CLIENT, 0, i * 60_000L); // 10 hits per 10 minutes at most: never 12
        }
        assertThat(flags).isEmpty();
        assertThat(detector.tracked()).isEqualTo(1);
        detector.hit(IpAddress.parse("192.0.2.1"), 0, 60 * 60_000L);
        assertThat(detector.tracked()).as("the idle track expired").isEqualTo(1);
        assertThat(detector.expired()).isEqualTo(1);
    }

    @Test
    void beyondMaxClientsTheTrackHitLongestAgoIsEvictedAndCounted() {
        BeaconDetector detector = detector("tocsin.sense.max-clients", "100");
        for (int c = 0; c < 1_000; c++) {
            detector.hit(IpAddress.ofIpv4(0x0A000000 | c), 0, c);
        }
        assertThat(detector.tracked()).isEqualTo(100);
        assertThat(detector.evicted()).isEqualTo(900);
    }

    @Test
    void settingsNameTheKeyAtFault() {
        assertThatThrownBy(() -> SenseSettings.from(Settings.of(Map.of("tocsin.sense.min-regularity", "1.5"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("tocsin.sense.min-regularity").hasMessageContaining("1.5");
        assertThatThrownBy(() -> SenseSettings.from(Settings.of(Map.of("tocsin.sense.preset", "mydoom"))))
                .hasMessageContaining("tocsin.sense.preset");
        assertThatThrownBy(() -> SenseSettings.from(Settings.of(Map.of("tocsin.sense.burst", "2h"))))
                .hasMessageContaining("tocsin.sense.burst");
        assertThatThrownBy(() -> SenseSettings.from(Settings.of(Map.of("tocsin.sense.time-zone", "Mars/Olympus"))))
                .hasMessageContaining("tocsin.sense.time-zone");
        assertThat(SenseSettings.from(Settings.of(Map.of())).beacons().names()).containsExactlyElementsOf(SenseSettings.SOBER);
        assertThat(SenseSettings.from(Settings.of(Map.of("tocsin.sense.beacons", "evil.test"))).beacons().names()).containsExactly("evil.test");
        assertThat(SenseSettings.from(Settings.of(Map.of("tocsin.sense.beacons", "evil.test", "tocsin.sense.preset", "sober"))).beacons().names())
                .hasSize(6);
    }
}
