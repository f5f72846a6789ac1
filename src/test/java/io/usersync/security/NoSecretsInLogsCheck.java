package io.usersync.security;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.usersync.support.TestSecrets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Runs after every other test (its own failsafe execution, see pom.xml): greps everything the service
 * logged during the suite — one log file and one access log per test start, and the packaged instances'
 * output — for every password and token secret the suite used or was issued.
 */
class NoSecretsInLogsCheck {

    @Test
    void noLogLineHoldsAPasswordOrTokenSecret() throws IOException {
        Set<String> secrets = new LinkedHashSet<>(TestSecrets.FIXED);
        if (Files.exists(TestSecrets.FILE)) {
            Files.readAllLines(TestSecrets.FILE).stream()
                    .filter(s -> !s.isBlank())
                    .forEach(secrets::add);
        }
        List<Path> logs = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("target/test-logs"))) {
            files.forEach(logs::add);
        }
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            files.filter(p -> p.getFileName().toString().matches("instance-.*\\.log"))
                    .forEach(logs::add);
        }
        assertTrue(
                logs.stream()
                                .filter(p -> p.getFileName().toString().startsWith("quarkus.log"))
                                .count()
                        >= 3,
                "fewer test logs than test starts in target/test-logs: " + logs);
        assertTrue(
                secrets.size() > TestSecrets.FIXED.size() + 5,
                "too few issued token secrets recorded to mean anything: " + secrets.size());

        long lines = 0;
        long tokenRequests = 0;
        List<String> leaks = new ArrayList<>();
        for (Path log : logs) {
            for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                lines++;
                if (line.contains("/api/v1/api-tokens")) {
                    tokenRequests++;
                }
                for (String secret : secrets) {
                    if (line.contains(secret)) {
                        leaks.add(log.getFileName() + ": " + line);
                    }
                }
            }
        }
        assertTrue(
                lines > 500 && tokenRequests > 10,
                "only " + lines + " log lines, " + tokenRequests
                        + " access-log lines for /api/v1/api-tokens: the suite's logging is not being captured");
        assertTrue(leaks.isEmpty(), leaks.size() + " log line(s) hold a secret:\n" + String.join("\n", leaks));
    }
}
