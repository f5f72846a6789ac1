package io.usersync.directory;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The strict RFC 6125 rules, on certificates openssl makes for the occasion. */
class CertificateHostNamesTest {
    static Path dir;

    @BeforeAll
    static void dir() throws Exception {
        dir = Files.createTempDirectory("certnames");
    }

    static X509Certificate cert(String cn, String san) throws Exception {
        Path key = dir.resolve("k.pem");
        Path out = dir.resolve(cn.replace('*', 'w') + ".pem");
        var cmd = new ArrayList<>(List.of(
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "1",
                "-subj",
                "/CN=" + cn,
                "-keyout",
                key.toString(),
                "-out",
                out.toString()));
        if (san != null) {
            cmd.addAll(List.of("-addext", "subjectAltName=" + san));
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, "openssl failed");
        try (var in = Files.newInputStream(out)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    static void assertMatch(X509Certificate cert, String... hosts) {
        for (String host : hosts) {
            assertTrue(CertificateHostNames.matches(host, cert), host + " matches");
        }
    }

    static void assertNoMatch(X509Certificate cert, String... hosts) {
        for (String host : hosts) {
            assertFalse(CertificateHostNames.matches(host, cert), host + " does not match");
        }
    }

    @Test
    void dnsAndIpNamesMatchExactlyAndNothingElse() throws Exception {
        X509Certificate lab = cert("localhost", "DNS:localhost,IP:127.0.0.1");
        assertMatch(lab, "localhost", "LOCALHOST.", "127.0.0.1");
        assertNoMatch(lab, "127.0.0.2", "dc1.example.test");

        X509Certificate other = cert("mismatch.lab.invalid", "DNS:mismatch.lab.invalid");
        assertFalse(CertificateHostNames.matches("127.0.0.1", other), "no leniency for loopback addresses");
        assertNoMatch(other, "localhost");
    }

    @Test
    void wildcardsCoverOneLeftMostLabelAndCnOnlyWithoutSans() throws Exception {
        X509Certificate wild = cert("x", "DNS:*.corp.example.com");
        assertMatch(wild, "dc1.corp.example.com");
        assertNoMatch(wild, "a.dc1.corp.example.com", "corp.example.com");

        X509Certificate cnOnly = cert("dc1.corp.example.com", null);
        assertMatch(cnOnly, "dc1.corp.example.com");
        X509Certificate sanWins = cert("dc1.corp.example.com", "DNS:dc2.corp.example.com");
        assertFalse(
                CertificateHostNames.matches("dc1.corp.example.com", sanWins), "the CN does not count when SANs exist");
    }
}
