package io.usersync.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A loopback OTLP/HTTP endpoint that keeps what it is sent. Protobuf carries span names and string
 * attributes as plain UTF-8, so the tests look for them in the bytes without decoding the messages.
 */
public final class OtlpReceiver implements AutoCloseable {
    private final HttpServer server;
    private final List<String> received = new ArrayList<>();

    public OtlpReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                String body = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
                synchronized (received) {
                    received.add(exchange.getRequestURI().getPath() + " " + body);
                }
            }
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Everything received so far, UTF-8 strings readable as their ISO-8859-1 bytes. */
    public String all() {
        synchronized (received) {
            return String.join("\n", received);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
