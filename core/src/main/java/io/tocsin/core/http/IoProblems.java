package io.tocsin.core.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import okhttp3.HttpUrl;

/**
 * Says in an operator's words what an I/O failure of an HTTP source or feed was: which server
 * refused, that a certificate is not trusted and what to do about it. Only the URL's host and port
 * are named, never its path or query, which may hold a visitor's address or a key.
 */
public final class IoProblems {

    private IoProblems() {
    }

    /** A one-line description of {@code e}, met while talking to {@code url}. */
    public static String describe(IOException e, HttpUrl url) {
        String server = server(url);
        String m = firstLine(e.getMessage());
        if (e instanceof InterruptedIOException) {
            return "no answer in time from " + server + " (" + m + ")";
        }
        if (e instanceof ConnectException) {
            return m.toLowerCase(java.util.Locale.ROOT).contains("timed out")
                    ? "no connection in time to " + server
                    : "connection refused by " + server;
        }
        if (e instanceof NoRouteToHostException) {
            return "no route to " + server;
        }
        if (e instanceof UnknownHostException) {
            return "unknown host: " + url.host();
        }
        if (e instanceof SSLPeerUnverifiedException) {
            // OkHttp's hostname verification: the chain is trusted, but names another host
            return "TLS: the certificate of " + server + " is not for " + url.host() + " (" + m + ")";
        }
        if (e instanceof SSLException) {
            if (causedBy(e, CertPathValidatorException.class) || m.contains("PKIX path")) {
                return "TLS: the certificate of " + server + " is not trusted (" + m + "); add its CA to the JVM trust "
                        + "store (javax.net.ssl.trustStore, see docs/SOURCES.md)";
            }
            if (causedBy(e, CertificateException.class)) {
                return "TLS: the certificate of " + server + " was refused (" + m + ")";
            }
            return (e instanceof SSLHandshakeException ? "TLS handshake with " : "TLS error with ") + server + " failed (" + m + ")";
        }
        if (m.contains("unexpected end of stream") || e instanceof EOFException) {
            return "truncated answer from " + server + " (" + m + ")";
        }
        return e.getClass().getSimpleName() + " from " + server + ": " + m;
    }

    /** {@code url}'s host and port, {@code host:port} or {@code [v6]:port}: nothing of its path or query. */
    public static String server(HttpUrl url) {
        return url.host().contains(":") ? "[" + url.host() + "]:" + url.port() : url.host() + ":" + url.port();
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
