package io.usersync.console;

import static io.restassured.RestAssured.given;

import io.usersync.support.TestSecrets;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged service (target/quarkus-app) in its own process, with its own schema in the test database and
 * the embedded demo directory, its output and access log in {@code target/instance-<name>.log} (which the suite's
 * secret scan reads).
 */
final class PackagedService implements AutoCloseable {
    final String name;
    final int port;
    final int directoryPort;
    final Path log;
    private final Process process;

    private PackagedService(String name, int port, int directoryPort, Path log, Process process) {
        this.name = name;
        this.port = port;
        this.directoryPort = directoryPort;
        this.log = log;
        this.process = process;
    }

    static PackagedService start(String name, String schema, Map<String, String> extraEnv)
            throws IOException, SQLException, InterruptedException {
        String db = System.getenv().getOrDefault("USERSYNC_TEST_DB_NAME", "test");
        try (var c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + db, "postgres", "")) {
            c.createStatement().execute("drop schema if exists " + schema + " cascade");
        }
        int port = freePort();
        int directoryPort = freePort();
        ProcessBuilder pb = new ProcessBuilder("java", "-Xmx384m", "-jar", "target/quarkus-app/quarkus-run.jar");
        Map<String, String> env = pb.environment();
        env.put("USERSYNC_SECRET_KEY", Base64.getEncoder().encodeToString(new byte[32]));
        env.put("USERSYNC_DB_NAME", db);
        env.put("USERSYNC_DB_SCHEMA", schema);
        env.put("USERSYNC_HTTP_PORT", Integer.toString(port));
        env.put("USERSYNC_HTTP_HOST", "127.0.0.1");
        env.put("USERSYNC_INSTANCE_ID", name);
        env.put("USERSYNC_BOOTSTRAP_TOKEN", TestSecrets.BOOTSTRAP_TOKEN);
        env.put("USERSYNC_DEMO_DIRECTORY", "true");
        env.put("USERSYNC_DEMO_DIRECTORY_PORT", Integer.toString(directoryPort));
        // every request line goes into the log, so the secret scan sees each URL the browser asked for
        env.put("QUARKUS_HTTP_ACCESS_LOG_ENABLED", "true");
        env.putAll(extraEnv);
        Path log = Path.of("target/instance-" + name + ".log");
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        PackagedService s = new PackagedService(name, port, directoryPort, log, pb.start());
        s.awaitReady();
        return s;
    }

    String base() {
        return "http://127.0.0.1:" + port;
    }

    String api() {
        return base() + "/api/v1";
    }

    private void awaitReady() throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                break;
            }
            try {
                if (given().get(base() + "/q/health/ready").statusCode() == 200) {
                    return;
                }
            } catch (Exception e) {
                // not listening yet (rest-assured throws ConnectException undeclared)
            }
            Thread.sleep(300);
        }
        throw new AssertionError("the packaged service did not start; see " + log);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    File logFile() {
        return log.toFile();
    }
}
