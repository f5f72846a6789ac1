package io.usersync.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SecretCipherTest {
    private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);

    @Test
    void roundTripsAndNeverRepeatsCiphertext() {
        SecretCipher c = new SecretCipher(Optional.of(KEY));
        byte[] a = c.encrypt("Lab-Passw0rd!");
        byte[] b = c.encrypt("Lab-Passw0rd!");
        assertNotEquals(
                Base64.getEncoder().encodeToString(a), Base64.getEncoder().encodeToString(b));
        assertEquals("Lab-Passw0rd!", c.decrypt(a));
    }

    @Test
    void tamperedOrForeignCiphertextIsRefused() {
        byte[] sealed = new SecretCipher(Optional.of(KEY)).encrypt("x");
        sealed[sealed.length - 1] ^= 1;
        assertThrows(IllegalStateException.class, () -> new SecretCipher(Optional.of(KEY)).decrypt(sealed));
        byte[] other = new SecretCipher(Optional.of(Base64.getEncoder().encodeToString(new byte[] {
                    1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8
                })))
                .encrypt("x");
        var e = assertThrows(IllegalStateException.class, () -> new SecretCipher(Optional.of(KEY)).decrypt(other));
        assertTrue(e.getMessage().contains("USERSYNC_SECRET_KEY"));
    }

    @Test
    void missingOrBadKeyStopsStartWithInstructions() {
        var missing = assertThrows(IllegalStateException.class, () -> new SecretCipher(Optional.empty()));
        assertTrue(missing.getMessage().contains("head -c 32 /dev/urandom | base64"), missing.getMessage());
        var shortKey = assertThrows(
                IllegalStateException.class,
                () -> new SecretCipher(Optional.of(Base64.getEncoder().encodeToString(new byte[16]))));
        assertTrue(shortKey.getMessage().contains("32 bytes"));
        assertThrows(IllegalStateException.class, () -> new SecretCipher(Optional.of("%%% not base64")));
    }
}
