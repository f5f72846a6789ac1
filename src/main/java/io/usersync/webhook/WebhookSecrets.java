package io.usersync.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signing secrets and signatures as Standard Webhooks defines them: a secret is {@code whsec_} and the base64
 * of the key; a message is signed as {@code v1,} and the base64 of HMAC-SHA256(key, id.timestamp.body).
 */
final class WebhookSecrets {
    static final String PREFIX = "whsec_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private WebhookSecrets() {}

    static String generate() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** The key of a well-formed secret ({@code whsec_} + base64 of 24..64 bytes), or null. */
    static byte[] key(String secret) {
        if (secret == null || !secret.startsWith(PREFIX)) {
            return null;
        }
        try {
            byte[] key = Base64.getDecoder().decode(secret.substring(PREFIX.length()));
            return key.length >= 24 && key.length <= 64 ? key : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** A signer for one secret: its Mac is reused for every message of a claim (not thread-safe). */
    static final class Signer {
        private final Mac mac;

        Signer(String secret) {
            byte[] key = key(secret);
            if (key == null) {
                throw new IllegalStateException("the stored webhook secret is malformed");
            }
            try {
                mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key, "HmacSHA256"));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        /** The {@code webhook-signature} header's value. */
        String sign(String messageId, long timestamp, byte[] body) {
            mac.reset();
            mac.update((messageId + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
        }
    }
}
