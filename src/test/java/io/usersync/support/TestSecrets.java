package io.usersync.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Every password and token secret the suite uses. Responses are checked against them as they arrive;
 * they are also appended to a file that the last integration test greps the suite's logs for.
 */
public final class TestSecrets {
    public static final String BOOTSTRAP_TOKEN = "usy_test-bootstrap-token-0123456789abcdef";
    /** Distinctive enough that finding one in a log or body cannot be a coincidence. */
    public static final List<String> FIXED = List.of(
            BOOTSTRAP_TOKEN,
            "s3cret-Pa55word",
            "another-one",
            "not-the-password",
            "Demo-Passw0rd!",
            "Lab-Passw0rd!",
            "syncpass",
            "limitedpass");

    public static final Path FILE = Path.of("target/test-secrets.txt");
    private static final Set<String> issued = new LinkedHashSet<>();

    private TestSecrets() {}

    /** Remembers a secret the service issued (an API token), for the response and log checks. */
    public static synchronized void remember(String secret) {
        issued.add(secret);
        try {
            Files.createDirectories(FILE.getParent());
            Files.writeString(
                    FILE, secret + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new IllegalStateException("cannot record a test secret in " + FILE, e);
        }
    }

    public static synchronized Set<String> all() {
        Set<String> all = new LinkedHashSet<>(FIXED);
        all.addAll(issued);
        return all;
    }
}
