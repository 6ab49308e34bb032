package io.tocsin.servlet.ack;

import io.tocsin.core.ip.IpAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code tocsin_ack} cookie: proof that the visitor at one address acknowledged the notice, until
 * an expiry time. Its value is {@code EXPIRY.MAC}, where {@code EXPIRY} is in epoch seconds and
 * {@code MAC} is the unpadded base64url HMAC-SHA256 of {@code "tocsin-ack-v1\n" + ip + "\n" + EXPIRY}
 * under the configured secret. Being bound to the address, a cookie copied to another address is
 * worthless; being signed, it cannot be extended. Thread-safe.
 */
public final class AckCookie {

    /** The cookie's name. */
    public static final String NAME = "tocsin_ack";

    private static final String ALGORITHM = "HmacSHA256";
    private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();

    private final SecretKeySpec key;
    /** Initialised once: a provider lookup and key set-up per cookie would sit on every acknowledged request. */
    private final Mac prototype;
    private final Duration ttl;
    private final Clock clock;

    public AckCookie(byte[] secret, Duration ttl, Clock clock) {
        this.key = new SecretKeySpec(secret.clone(), ALGORITHM);
        this.prototype = newMac(key);
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A fresh value for {@code ip}, valid for the configured lifetime from now. */
    public String issue(IpAddress ip) {
        long expiry = clock.instant().getEpochSecond() + ttl.toSeconds();
        return value(ip, expiry);
    }

    /** The value for {@code ip} expiring at {@code expiryEpochSecond}. */
    public String value(IpAddress ip, long expiryEpochSecond) {
        return expiryEpochSecond + "." + BASE64.encodeToString(mac(ip, expiryEpochSecond));
    }

    /**
     * Whether {@code value} was issued for {@code ip} by this secret and has not expired; a tampered,
     * expired, other-address or malformed value is simply not valid.
     */
    public boolean isValid(String value, IpAddress ip) {
        if (value == null || ip == null || value.length() > 100) {
            return false;
        }
        int dot = value.indexOf('.');
        if (dot < 1 || dot > 19) {
            return false;
        }
        long expiry;
        try {
            expiry = Long.parseLong(value.substring(0, dot));
        } catch (NumberFormatException e) {
            return false;
        }
        if (expiry <= clock.instant().getEpochSecond()) {
            return false;
        }
        // compare the text, not the decoded bytes: a base64 decoder ignores the spare low bits of the
        // last character, and a cookie with other spare bits is not the cookie that was issued
        byte[] expected = value(ip, expiry).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(value.getBytes(StandardCharsets.US_ASCII), expected);
    }

    /** The cookie's lifetime. */
    public Duration ttl() {
        return ttl;
    }

    private byte[] mac(IpAddress ip, long expiry) {
        Mac mac;
        try {
            mac = (Mac) prototype.clone(); // a Mac is not thread-safe; a clone keeps the initialised key
        } catch (CloneNotSupportedException e) {
            mac = newMac(key); // a provider whose Mac cannot be cloned
        }
        return mac.doFinal(("tocsin-ack-v1\n" + ip + "\n" + expiry).getBytes(StandardCharsets.US_ASCII));
    }

    private static Mac newMac(SecretKeySpec key) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this Java runtime", e);
        }
    }

    /**
     * The {@code Set-Cookie} header value for {@code value}: HttpOnly, SameSite=Lax, Path=/,
     * Max-Age the lifetime, and Secure when the request came over HTTPS.
     */
    public String setCookieHeader(String value, boolean secure) {
        return NAME + "=" + value + "; Max-Age=" + ttl.toSeconds() + "; Path=/; HttpOnly; SameSite=Lax"
                + (secure ? "; Secure" : "");
    }
}
