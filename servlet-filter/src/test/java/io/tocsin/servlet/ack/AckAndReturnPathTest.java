package io.tocsin.servlet.ack;

import static org.assertj.core.api.Assertions.assertThat;

import io.tocsin.core.ip.IpAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AckAndReturnPathTest {

    private static final IpAddress IP = IpAddress.parse("192.0.2.66");
    private static final byte[] SECRET = "s3cret-s3cret-s3cret".getBytes(StandardCharsets.UTF_8);

    private static Clock at(long epochSecond) {
        return Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC);
    }

    @Test
    void cookieIsValidForItsAddressUntilItExpires() {
        AckCookie issuer = new AckCookie(SECRET, Duration.ofHours(1), at(1_000_000));
        String value = issuer.issue(IP);
        assertThat(value).as("value format").startsWith("1003600.");
        assertThat(new AckCookie(SECRET, Duration.ofHours(1), at(1_003_599)).isValid(value, IP)).as("just before expiry").isTrue();
        assertThat(new AckCookie(SECRET, Duration.ofHours(1), at(1_003_600)).isValid(value, IP)).as("at expiry").isFalse();
        assertThat(issuer.isValid(value, IpAddress.parse("192.0.2.67"))).as("other address").isFalse();
        assertThat(new AckCookie("other".getBytes(StandardCharsets.UTF_8), Duration.ofHours(1), at(1_000_000)).isValid(value, IP))
                .as("other secret").isFalse();
        assertThat(issuer.isValid(value.replace("1003600.", "1003601."), IP)).as("extended expiry").isFalse();
        assertThat(issuer.isValid(value + "A", IP)).as("longer MAC").isFalse();
        char last = value.charAt(value.length() - 1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        // 32 bytes in 43 characters: the last one carries two spare low bits, which decoders ignore
        char spareBitsOnly = alphabet.charAt(alphabet.indexOf(last) ^ 1);
        assertThat(java.util.Base64.getUrlDecoder().decode(value.substring(value.indexOf('.') + 1, value.length() - 1) + spareBitsOnly))
                .as("the decoder sees the same MAC").isEqualTo(java.util.Base64.getUrlDecoder().decode(value.substring(value.indexOf('.') + 1)));
        assertThat(issuer.isValid(value.substring(0, value.length() - 1) + spareBitsOnly, IP))
                .as("same MAC bytes, other spare bits (regression: decoded comparison accepted it)").isFalse();
        assertThat(issuer.isValid("garbage", IP)).as("garbage").isFalse();
        assertThat(issuer.isValid("1003600.!!!", IP)).as("bad base64").isFalse();
        assertThat(issuer.isValid(null, IP)).as("null").isFalse();
    }

    @Test
    void setCookieHeaderHasTheContractsAttributes() {
        AckCookie cookie = new AckCookie(SECRET, Duration.ofHours(24), at(0));
        assertThat(cookie.setCookieHeader("v", false)).isEqualTo("tocsin_ack=v; Max-Age=86400; Path=/; HttpOnly; SameSite=Lax");
        assertThat(cookie.setCookieHeader("v", true)).endsWith("; Secure");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/page", "/page?a=1&b=%2F", "/caf%C3%A9", "/a/b/c#frag", "/_tocsin/notice?return=%2F"})
    void sameSitePathsAreAccepted(String path) {
        assertThat(ReturnPath.isSafe(path)).as(path).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"//evil.example", "/\\evil.example", "https://evil.example", "/%2F%2Fevil.example", "/%2f/evil.example",
        "/%5Cevil.example", "/%252F%252Fevil.example", "/page\r\nSet-Cookie: x=y", "/page%0d%0aX: y", "javascript:alert(1)",
        "evil.example", "", " /page", "/pa ge", "/p\u00e4ge", "/\t/evil.example", "/a\\b"})
    void everythingElseIsRefused(String path) {
        assertThat(ReturnPath.isSafe(path)).as(path).isFalse();
        assertThat(ReturnPath.isSafe(null)).as("null").isFalse();
    }
}
