package io.tocsin.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A feed and an http-json source over HTTPS, from a local TLS server whose certificate a test CA
 * issued: trusted through the JVM trust store as docs/SOURCES.md says, they list; untrusted, or
 * issued for another host, they are error results that name the server, and nobody is listed.
 * Runs the packaged jar in a fresh JVM, since the JVM's default trust store is fixed at its start.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TlsSourcesIT {

    @TempDir
    Path dir;

    private HeldCertificate ca;
    private MockWebServer trusted;
    private MockWebServer wrongName;

    @BeforeAll
    void startServers() throws Exception {
        ca = new HeldCertificate.Builder().certificateAuthority(0).commonName("Tocsin test CA").build();
        trusted = https(new HeldCertificate.Builder().signedBy(ca).addSubjectAlternativeName("127.0.0.1").build());
        wrongName = https(new HeldCertificate.Builder().signedBy(ca).addSubjectAlternativeName("lists.example").build());
    }

    private MockWebServer https(HeldCertificate certificate) throws Exception {
        MockWebServer server = new MockWebServer();
        server.useHttps(new HandshakeCertificates.Builder().heldCertificate(certificate, ca.certificate()).build().sslSocketFactory());
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String path = request.getUrl().encodedPath();
                if (path.equals("/feed.txt")) {
                    return new MockResponse.Builder().body("# test feed\n192.0.2.66\n198.51.100.0/24\n").build();
                }
                if (path.startsWith("/rep/")) {
                    boolean listed = path.equals("/rep/192.0.2.77");
                    return new MockResponse.Builder().addHeader("Content-Type", "application/json")
                            .body("{\"listed\":" + listed + "}").build();
                }
                return new MockResponse.Builder().code(404).build();
            }
        });
        server.start(java.net.InetAddress.getByName("127.0.0.1"), 0);
        return server;
    }

    @AfterAll
    void stopServers() throws Exception {
        trusted.close();
        wrongName.close();
    }

    private Path config(MockWebServer server) throws Exception {
        String base = "https://127.0.0.1:" + server.getPort();
        Path file = dir.resolve("tls-" + server.getPort() + ".properties");
        Files.write(file, List.of(
                "tocsin.sources.feed.type=feed",
                "tocsin.sources.feed.url=" + base + "/feed.txt",
                "tocsin.sources.rep.type=http-json",
                "tocsin.sources.rep.url=" + base + "/rep/{ip}",
                "tocsin.sources.rep.pointer=/listed"));
        return file;
    }

    /** A PKCS12 trust store holding only the test CA. */
    private Path trustStore() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("tocsin-test-ca", ca.certificate());
        Path file = dir.resolve("trust.p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, "changeit".toCharArray());
        }
        return file;
    }

    private static List<String> check(List<String> jvmOptions, Path config, String... ips) throws Exception {
        Path jar = Path.of("target", "tocsin-demo.jar");
        assertThat(jar).as("the shaded jar is built in the package phase, before integration tests").exists();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString(), "check", "--config", config.toString()));
        command.addAll(List.of(ips));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("check finished").isTrue();
        assertThat(process.exitValue()).as("exit status; output: %s", out).isZero();
        return List.of(out.split("\n"));
    }

    @Test
    void sourcesOverHttpsListWhenTheJvmTrustsTheirCa() throws Exception {
        Path store = trustStore();
        List<String> lines = check(List.of("-Djavax.net.ssl.trustStore=" + store, "-Djavax.net.ssl.trustStorePassword=changeit",
                "-Djavax.net.ssl.trustStoreType=PKCS12"), config(trusted), "192.0.2.66", "192.0.2.77", "203.0.113.1");
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).as("listed by the feed over HTTPS")
                .startsWith("{\"ip\":\"192.0.2.66\",\"listed\":true,\"notify\":true")
                .contains("\"source\":\"feed\"").contains("\"errors\":[]");
        assertThat(lines.get(1)).as("listed by http-json over HTTPS")
                .startsWith("{\"ip\":\"192.0.2.77\",\"listed\":true,\"notify\":true")
                .contains("\"source\":\"rep\"").contains("\"errors\":[]");
        assertThat(lines.get(2)).as("clean").startsWith("{\"ip\":\"203.0.113.1\",\"listed\":false").contains("\"errors\":[]");
    }

    @Test
    void anUntrustedCertificateIsAClearErrorAndListsNobody() throws Exception {
        String server = "127.0.0.1:" + trusted.getPort();
        List<String> lines = check(List.of(), config(trusted), "192.0.2.66", "192.0.2.77");
        for (String line : lines) {
            assertThat(line).as("fails open").contains("\"listed\":false,\"notify\":false");
            assertThat(line).as("the http-json error names the server and the fix")
                    .contains("{\"source\":\"rep\",\"error\":\"TLS: the certificate of " + server + " is not trusted")
                    .contains("add its CA to the JVM trust store");
            assertThat(line).as("the feed's error too").contains("{\"source\":\"feed\",\"error\":")
                    .contains("TLS: the certificate of " + server + " is not trusted");
        }
    }

    @Test
    void aCertificateForAnotherHostIsAClearError() throws Exception {
        Path store = trustStore();
        List<String> lines = check(List.of("-Djavax.net.ssl.trustStore=" + store, "-Djavax.net.ssl.trustStorePassword=changeit",
                "-Djavax.net.ssl.trustStoreType=PKCS12"), config(wrongName), "192.0.2.77");
        assertThat(lines.get(0)).as("fails open").contains("\"listed\":false,\"notify\":false")
                .contains("TLS: the certificate of 127.0.0.1:" + wrongName.getPort() + " is not for 127.0.0.1");
    }
}
