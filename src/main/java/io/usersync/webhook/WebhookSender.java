package io.usersync.webhook;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * POSTs one signed batch. Redirects are not followed (a 3xx is a failure), at most 4 KB of an answer is read,
 * and what is kept of it is a short excerpt. Neither the secret nor the signature is ever logged.
 */
@ApplicationScoped
public class WebhookSender {
    static final String CONTENT_TYPE = "application/cloudevents-batch+json";
    static final int MAX_ANSWER_BYTES = 4096;
    static final int EXCERPT_CHARS = 200;

    private final WebhookTargets targets;
    private final Duration timeout;
    private final ExecutorService executor;
    private final HttpClient client;

    @Inject
    WebhookSender(WebhookTargets targets, WebhookConfig config) {
        this.targets = targets;
        this.timeout = config.timeout();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "usersync-webhook-http");
            t.setDaemon(true);
            return t;
        });
        this.client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .executor(executor)
                .build();
    }

    /** What came of one POST. {@code retryAfter} is the receiver's Retry-After, when it sent one. */
    record Outcome(Integer httpStatus, int latencyMillis, String error, Duration retryAfter) {
        boolean delivered() {
            return error == null;
        }
    }

    Outcome post(URI url, WebhookSecrets.Signer signer, String messageId, byte[] body) {
        WebhookTargets.Refusal refused = targets.refusal(url);
        if (refused != null) {
            return new Outcome(null, 0, "not sent: url " + refused.message(), null);
        }
        long timestamp = Instant.now().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", CONTENT_TYPE)
                .header("User-Agent", "usersync")
                .header("webhook-id", messageId)
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", signer.sign(messageId, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        long start = System.nanoTime();
        try {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            byte[] answer = readAnswer(response.body(), start);
            int latency = millisSince(start);
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return new Outcome(status, latency, null, null);
            }
            if (status >= 300 && status < 400) {
                String location = response.headers().firstValue("Location").orElse(null);
                return new Outcome(
                        status,
                        latency,
                        "HTTP " + status + ": the redirect to " + hostOf(url, location) + " was not followed",
                        null);
            }
            String excerpt = excerpt(answer);
            return new Outcome(
                    status,
                    latency,
                    "HTTP " + status + (excerpt.isEmpty() ? "" : ": " + excerpt),
                    retryAfter(response.headers().firstValue("Retry-After").orElse(null)));
        } catch (HttpConnectTimeoutException e) {
            return new Outcome(
                    null, millisSince(start), "could not connect within " + timeout.toMillis() + " ms", null);
        } catch (HttpTimeoutException e) {
            return new Outcome(null, millisSince(start), "no answer within " + timeout.toMillis() + " ms", null);
        } catch (ConnectException e) {
            return new Outcome(null, millisSince(start), "could not connect: " + describe(e), null);
        } catch (IOException e) {
            return new Outcome(null, millisSince(start), "failed: " + describe(e), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(null, millisSince(start), "interrupted", null);
        }
    }

    /** Closes an answer's stream once its time is up: a read blocked on it then fails at once. */
    private static final java.util.concurrent.ScheduledExecutorService WATCHDOG =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "usersync-webhook-watchdog");
                t.setDaemon(true);
                return t;
            });

    /**
     * At most {@link #MAX_ANSWER_BYTES} of the answer, within what is left of the timeout: a receiver that
     * sends its headers and then stalls must not hold a worker.
     */
    private byte[] readAnswer(InputStream in, long start) throws IOException {
        long left = Math.max(timeout.toNanos() - (System.nanoTime() - start), 1);
        java.util.concurrent.atomic.AtomicBoolean expired = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.ScheduledFuture<?> watchdog = WATCHDOG.schedule(
                () -> {
                    expired.set(true);
                    try {
                        in.close();
                    } catch (IOException e) {
                        // closing is all it can do
                    }
                },
                left,
                java.util.concurrent.TimeUnit.NANOSECONDS);
        try {
            return in.readNBytes(MAX_ANSWER_BYTES);
        } catch (IOException e) {
            if (expired.get()) {
                throw new HttpTimeoutException("the answer's body did not arrive within the timeout");
            }
            throw e;
        } finally {
            watchdog.cancel(false);
            in.close();
        }
    }

    private static String describe(Exception e) {
        Throwable t = e;
        while (t.getCause() != null && (t.getMessage() == null || t.getMessage().isBlank())) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private static String hostOf(URI base, String location) {
        if (location == null || location.isBlank()) {
            return "(no Location)";
        }
        try {
            URI target = base.resolve(location.strip());
            return target.getHost() == null ? "(no host)" : target.getHost();
        } catch (IllegalArgumentException e) {
            return "(an invalid Location)";
        }
    }

    /** A short, single-line start of an answer: enough to recognise an error page, never the whole body. */
    static String excerpt(byte[] answer) {
        String s = new String(answer, StandardCharsets.UTF_8)
                .replaceAll("[\\p{Cntrl}\\s]+", " ")
                .strip();
        return s.length() <= EXCERPT_CHARS ? s : s.substring(0, EXCERPT_CHARS) + "…";
    }

    /** Retry-After as delay-seconds or an HTTP date; null when absent or unreadable. */
    static Duration retryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(v)));
        } catch (NumberFormatException e) {
            // not seconds: an HTTP date
        }
        try {
            Duration d = Duration.between(
                    Instant.now(),
                    ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            return d.isNegative() ? Duration.ZERO : d;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static int millisSince(long start) {
        return (int) ((System.nanoTime() - start) / 1_000_000);
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }
}
