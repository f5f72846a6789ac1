package io.usersync.webhook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A receiver's check of a Standard Webhooks signature, written from the specification alone and sharing no code
 * with the signer (no Java library of it is in the build's repository): the key is the base64 after
 * {@code whsec_}; the signed content is {@code <webhook-id>.<webhook-timestamp>.<raw body>}; the header holds
 * space-separated {@code v1,<base64 HMAC-SHA256>} entries, one of which must match (compared in constant time);
 * a timestamp more than five minutes off is refused.
 */
public final class StandardWebhooksVerifier {
    private StandardWebhooksVerifier() {}

    /** Checks a request the test receiver recorded. */
    public static void verify(String secret, WebhookReceiver.Received r) {
        verify(secret, r.header("webhook-id"), r.header("webhook-timestamp"), r.header("webhook-signature"), r.body());
    }

    public static void verify(String secret, String id, String timestamp, String signatureHeader, byte[] body) {
        if (id == null || timestamp == null || signatureHeader == null) {
            throw new AssertionError("a Standard Webhooks header is missing");
        }
        long ts = Long.parseLong(timestamp);
        if (Math.abs(Instant.now().getEpochSecond() - ts) > 300) {
            throw new AssertionError("webhook-timestamp " + ts + " is more than 5 minutes off");
        }
        if (!secret.startsWith("whsec_")) {
            throw new AssertionError("not a whsec_ secret");
        }
        byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
        byte[] expected;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] prefix = (id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
            byte[] content = new byte[prefix.length + body.length];
            System.arraycopy(prefix, 0, content, 0, prefix.length);
            System.arraycopy(body, 0, content, prefix.length, body.length);
            expected = mac.doFinal(content);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        for (String entry : signatureHeader.trim().split(" +")) {
            int comma = entry.indexOf(',');
            if (comma < 0 || !entry.substring(0, comma).equals("v1")) {
                continue;
            }
            byte[] given;
            try {
                given = Base64.getDecoder().decode(entry.substring(comma + 1));
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (MessageDigest.isEqual(expected, given)) {
                return;
            }
        }
        throw new AssertionError("no v1 signature in '" + signatureHeader + "' matches");
    }
}
