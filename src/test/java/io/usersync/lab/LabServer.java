package io.usersync.lab;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts the project's directory servers (src/test/lab/*.sh) once per JVM and stops them when the
 * JVM ends, whether the tests passed or not. Missing packages are installed when running as root;
 * where they cannot be, the tests fail with the reason: CI must run them, never skip them.
 */
final class LabServer {
    static final Path SCRIPTS = Path.of("src/test/lab").toAbsolutePath();

    private LabServer() {}

    static void ensurePackages(boolean slapdOnly) {
        run(List.of(SCRIPTS.resolve("ensure-packages.sh").toString(), slapdOnly ? "--slapd-only" : "--all"), 600);
    }

    static void run(List<String> command, int timeoutSeconds) {
        try {
            Path log = Files.createTempFile("usersync-lab", ".log");
            Process p = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " took more than " + timeoutSeconds + " s");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(
                        String.join(" ", command) + " failed (exit " + p.exitValue() + "):\n" + Files.readString(log));
            }
            Files.deleteIfExists(log);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void stopOnExit(String script, String dir) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                run(new ArrayList<>(List.of(SCRIPTS.resolve(script).toString(), "stop", dir)), 30);
            } catch (RuntimeException e) {
                System.err.println("could not stop " + script + ": " + e.getMessage());
            }
        }));
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A port P where P and P+1 are both free now (a server listening on two adjacent ports). */
    static int freePortPair() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = freePort();
            if (port < 65535 && bindable(port + 1)) {
                return port;
            }
        }
        throw new IllegalStateException("no two adjacent free loopback ports");
    }

    private static boolean bindable(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
