package io.usersync.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The signer against the Standard Webhooks libraries' published test vector, secrets' form, Retry-After. */
class WebhookSignatureTest {
    @Test
    void signsAsTheStandardWebhooksTestVector() {
        WebhookSecrets.Signer signer = new WebhookSecrets.Signer("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        assertEquals(
                "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
                signer.sign(
                        "msg_p5jXN8AQM9LWM0D4loKWxJek",
                        1614265330,
                        "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theIndependentVerifierAgreesAndRefusesTampering() {
        String secret = WebhookSecrets.generate();
        long now = Instant.now().getEpochSecond();
        byte[] body = "[{\"id\":\"1\"}]".getBytes(StandardCharsets.UTF_8);
        String sig = new WebhookSecrets.Signer(secret).sign("msg_1_1", now, body);
        StandardWebhooksVerifier.verify(secret, "msg_1_1", Long.toString(now), "v0,xyz " + sig, body);
        assertThrows(
                AssertionError.class,
                () -> StandardWebhooksVerifier.verify(
                        secret,
                        "msg_1_1",
                        Long.toString(now),
                        sig,
                        "[{\"id\":\"2\"}]".getBytes(StandardCharsets.UTF_8)));
        assertThrows(
                AssertionError.class,
                () -> StandardWebhooksVerifier.verify(secret, "msg_1_2", Long.toString(now), sig, body));
        assertThrows(
                AssertionError.class,
                () -> StandardWebhooksVerifier.verify(
                        WebhookSecrets.generate(), "msg_1_1", Long.toString(now), sig, body));
    }

    @Test
    void secretsAreWhsecAndTheBase64OfTwentyFourToSixtyFourBytes() {
        String generated = WebhookSecrets.generate();
        assertTrue(generated.startsWith("whsec_"));
        assertEquals(32, WebhookSecrets.key(generated).length);
        assertNotNull(WebhookSecrets.key("whsec_" + Base64.getEncoder().encodeToString(new byte[24])));
        assertNotNull(WebhookSecrets.key("whsec_" + Base64.getEncoder().encodeToString(new byte[64])));
        assertNull(WebhookSecrets.key("whsec_" + Base64.getEncoder().encodeToString(new byte[23])));
        assertNull(WebhookSecrets.key("whsec_" + Base64.getEncoder().encodeToString(new byte[65])));
        assertNull(WebhookSecrets.key("whsec_not*base64"));
        assertNull(WebhookSecrets.key(Base64.getEncoder().encodeToString(new byte[32])));
    }

    @Test
    void retryAfterInSecondsOrAsAnHttpDate() {
        assertEquals(Duration.ofSeconds(120), WebhookSender.retryAfter("120"));
        Duration d = WebhookSender.retryAfter(DateTimeFormatter.RFC_1123_DATE_TIME.format(
                Instant.now().plusSeconds(90).atOffset(ZoneOffset.UTC)));
        assertTrue(d.toSeconds() >= 85 && d.toSeconds() <= 90, d.toString());
        assertNull(WebhookSender.retryAfter("soon"));
        assertNull(WebhookSender.retryAfter(null));
    }

    @Test
    void excerptsAreShortAndOneLine() {
        String e = WebhookSender.excerpt(("<html>\n<body>" + "x".repeat(5000)).getBytes(StandardCharsets.UTF_8));
        assertTrue(e.length() <= WebhookSender.EXCERPT_CHARS + 1, e);
        assertTrue(e.startsWith("<html> <body>"), e);
    }
}
