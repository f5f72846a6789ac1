package io.usersync.webhook;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.function.Function;

/** A webhook receiver on 127.0.0.1: records every request and answers as the test says. */
public final class WebhookReceiver implements AutoCloseable {
    /** A request and the status it was answered with (0 while the answer is being decided). */
    public record Received(long atNanos, String path, Map<String, List<String>> headers, byte[] body, int status) {
        public String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0))
                    .findFirst()
                    .orElse(null);
        }
    }

    /** How to answer: status, headers, a delay before answering. */
    record Answer(int status, Map<String, String> headers, long delayMillis) {
        static Answer ok() {
            return new Answer(200, Map.of(), 0);
        }
    }

    public final ConcurrentLinkedQueue<Received> requests = new ConcurrentLinkedQueue<>();
    private final HttpServer server;
    volatile Function<Received, Answer> answer = r -> Answer.ok();
    /** Off for the throughput run: keep nothing but counts. */
    volatile boolean record = true;

    public WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/", this::handle);
        server.start();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            Received r = new Received(
                    System.nanoTime(),
                    x.getRequestURI().getPath(),
                    Map.copyOf(x.getRequestHeaders()),
                    x.getRequestBody().readAllBytes(),
                    0);
            Answer a = answer.apply(r);
            if (record) {
                requests.add(new Received(r.atNanos(), r.path(), r.headers(), r.body(), a.status()));
            }
            if (a.delayMillis() > 0) {
                try {
                    Thread.sleep(a.delayMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            a.headers().forEach((k, v) -> x.getResponseHeaders().add(k, v));
            x.sendResponseHeaders(a.status(), -1);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
