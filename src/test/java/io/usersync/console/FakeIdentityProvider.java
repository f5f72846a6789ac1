package io.usersync.console;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.smallrye.jwt.build.Jwt;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Just enough of an OpenID provider for the console's sign-in: discovery, an authorization endpoint that signs
 * "alice" in at once, and a token endpoint that insists on PKCE (S256) for a public client, issuing an access
 * token signed with the suite's test-only key.
 */
final class FakeIdentityProvider implements AutoCloseable {
    static final String CLIENT_ID = "usersync-console";
    private final HttpServer server;
    private final Map<String, String[]> codes = new ConcurrentHashMap<>();
    final List<String> issuedTokens = new CopyOnWriteArrayList<>();
    final List<String> issuedCodes = new CopyOnWriteArrayList<>();
    volatile int pkceVerified;

    FakeIdentityProvider() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/.well-known/openid-configuration", this::discovery);
        server.createContext("/authorize", this::authorize);
        server.createContext("/token", this::token);
        server.start();
    }

    String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void discovery(HttpExchange x) throws IOException {
        send(
                x,
                200,
                "{\"issuer\":\"" + issuer() + "\",\"authorization_endpoint\":\"" + issuer()
                        + "/authorize\",\"token_endpoint\":\"" + issuer()
                        + "/token\",\"code_challenge_methods_supported\":[\"S256\"],\"response_modes_supported\":[\"query\",\"fragment\"]}");
    }

    private void authorize(HttpExchange x) throws IOException {
        Map<String, String> q = form(x.getRequestURI().getRawQuery());
        if (!CLIENT_ID.equals(q.get("client_id"))
                || !"code".equals(q.get("response_type"))
                || !"S256".equals(q.get("code_challenge_method"))
                || q.get("code_challenge") == null
                || !"fragment".equals(q.get("response_mode"))) {
            send(x, 400, "{\"error\":\"invalid_request\"}");
            return;
        }
        String code = UUID.randomUUID().toString();
        codes.put(code, new String[] {q.get("code_challenge"), q.get("redirect_uri")});
        issuedCodes.add(code);
        x.getResponseHeaders().add("Location", q.get("redirect_uri") + "#code=" + code + "&state=" + q.get("state"));
        x.sendResponseHeaders(302, -1);
        x.close();
    }

    private void token(HttpExchange x) throws IOException {
        String origin = x.getRequestHeaders().getFirst("Origin");
        if (origin != null) {
            x.getResponseHeaders().add("Access-Control-Allow-Origin", origin);
        }
        if (x.getRequestMethod().equals("OPTIONS")) {
            x.getResponseHeaders().add("Access-Control-Allow-Headers", "Content-Type");
            x.getResponseHeaders().add("Access-Control-Allow-Methods", "POST");
            x.sendResponseHeaders(204, -1);
            x.close();
            return;
        }
        Map<String, String> f = form(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        String[] pending = codes.remove(String.valueOf(f.get("code")));
        if (pending == null
                || !"authorization_code".equals(f.get("grant_type"))
                || !CLIENT_ID.equals(f.get("client_id"))
                || !pending[1].equals(f.get("redirect_uri"))
                || f.get("code_verifier") == null
                || !pending[0].equals(s256(f.get("code_verifier")))) {
            send(x, 400, "{\"error\":\"invalid_grant\"}");
            return;
        }
        pkceVerified++;
        String token = Jwt.issuer(issuer())
                .subject("alice-sub")
                .claim("preferred_username", "alice@example.test")
                .groups(Set.of("admin"))
                .issuedAt(Instant.now().minusSeconds(5))
                .expiresAt(Instant.now().plus(Duration.ofMinutes(10)))
                .sign("oidc-test/test-only-private-key.pem");
        issuedTokens.add(token);
        send(x, 200, "{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":600}");
    }

    private static String s256(String verifier) {
        try {
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(
                            MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> form(String raw) {
        Map<String, String> m = new HashMap<>();
        if (raw == null) {
            return m;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                m.put(
                        URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return m;
    }

    private static void send(HttpExchange x, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "application/json");
        if (!x.getResponseHeaders().containsKey("Access-Control-Allow-Origin")) {
            x.getResponseHeaders().add("Access-Control-Allow-Origin", "*");
        }
        x.sendResponseHeaders(status, body.length);
        try (OutputStream o = x.getResponseBody()) {
            o.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
