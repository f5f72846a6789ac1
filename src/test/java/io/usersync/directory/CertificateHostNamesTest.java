package io.usersync.directory;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
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
        var cmd = new java.util.ArrayList<>(java.util.List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                "-days", "1", "-subj", "/CN=" + cn, "-keyout", key.toString(), "-out", out.toString()));
        if (san != null) {
            cmd.addAll(java.util.List.of("-addext", "subjectAltName=" + san));
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, "openssl failed");
        try (var in = Files.newInputStream(out)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    @Test
    void dnsAndIpNamesMatchExactlyAndNothingElse() throws Exception {
        X509Certificate lab = cert("localhost", "DNS:localhost,IP:127.0.0.1");
        assertTrue(CertificateHostNames.matches("localhost", lab));
        assertTrue(CertificateHostNames.matches("LOCALHOST.", lab));
        assertTrue(CertificateHostNames.matches("127.0.0.1", lab));
        assertFalse(CertificateHostNames.matches("127.0.0.2", lab));
        assertFalse(CertificateHostNames.matches("dc1.example.test", lab));

        X509Certificate other = cert("mismatch.lab.invalid", "DNS:mismatch.lab.invalid");
        assertFalse(CertificateHostNames.matches("127.0.0.1", other), "no leniency for loopback addresses");
        assertFalse(CertificateHostNames.matches("localhost", other));
    }

    @Test
    void wildcardsCoverOneLeftMostLabelAndCnOnlyWithoutSans() throws Exception {
        X509Certificate wild = cert("x", "DNS:*.corp.example.com");
        assertTrue(CertificateHostNames.matches("dc1.corp.example.com", wild));
        assertFalse(CertificateHostNames.matches("a.dc1.corp.example.com", wild));
        assertFalse(CertificateHostNames.matches("corp.example.com", wild));

        X509Certificate cnOnly = cert("dc1.corp.example.com", null);
        assertTrue(CertificateHostNames.matches("dc1.corp.example.com", cnOnly));
        X509Certificate sanWins = cert("dc1.corp.example.com", "DNS:dc2.corp.example.com");
        assertFalse(CertificateHostNames.matches("dc1.corp.example.com", sanWins), "the CN does not count when SANs exist");
    }
}
