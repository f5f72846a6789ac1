package io.usersync.security;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.ProviderException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts directory bind passwords at rest with AES-256-GCM. The stored form is
 * {@code version(1) | nonce(12) | ciphertext+tag}; the version byte leaves room for key rotation.
 */
@ApplicationScoped
@Startup
public class SecretCipher {
    private static final byte FORMAT_VERSION = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    static final String HOW_TO_MAKE_A_KEY = "set USERSYNC_SECRET_KEY to 32 random bytes in base64, for example: "
            + "export USERSYNC_SECRET_KEY=$(head -c 32 /dev/urandom | base64)";

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    @Inject
    SecretCipher(SecurityConfig config) {
        this(config.secretKey());
    }

    SecretCipher(Optional<String> configuredKey) {
        this.key = new SecretKeySpec(decodeKey(configuredKey.orElse("")), "AES");
    }

    static byte[] decodeKey(String base64) {
        if (base64 == null || base64.isBlank()) {
            throw new IllegalStateException("No encryption key for directory passwords (mode " + LaunchMode.current()
                    + "): " + HOW_TO_MAKE_A_KEY);
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("USERSYNC_SECRET_KEY is not valid base64: " + HOW_TO_MAKE_A_KEY);
        }
        if (raw.length != 32) {
            throw new IllegalStateException(
                    "USERSYNC_SECRET_KEY must decode to 32 bytes, not " + raw.length + ": " + HOW_TO_MAKE_A_KEY);
        }
        return raw;
    }

    public byte[] encrypt(String plaintext) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            byte[] sealed = c.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length)
                    .put(FORMAT_VERSION)
                    .put(nonce)
                    .put(sealed)
                    .array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt a secret", e);
        }
    }

    public String decrypt(byte[] stored) {
        if (stored == null || stored.length < 1 + NONCE_BYTES + TAG_BITS / 8 || stored[0] != FORMAT_VERSION) {
            throw new IllegalStateException("stored secret has an unknown format");
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, stored, 1, NONCE_BYTES));
            return new String(
                    c.doFinal(stored, 1 + NONCE_BYTES, stored.length - 1 - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | ProviderException e) {
            throw new IllegalStateException("cannot decrypt a stored secret: was USERSYNC_SECRET_KEY changed?", e);
        }
    }
}
