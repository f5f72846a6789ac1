package io.usersync.store;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Which PostgreSQL schema the store is in. Every connection gets the configured schema
 * ({@code USERSYNC_DB_SCHEMA}) as its {@code currentSchema} unless the JDBC URL names one itself,
 * which then wins: Flyway migrates, and Hibernate, COPY and the plan's statements use, that one schema.
 */
public record StoreSchema(String name, boolean fromUrl) {

    public static StoreSchema of(String jdbcUrl, String configured) {
        return urlSchema(jdbcUrl).map(s -> new StoreSchema(s, true)).orElse(new StoreSchema(configured, false));
    }

    /** The first schema of the URL's {@code currentSchema} parameter (pgjdbc takes a comma-separated search path). */
    static Optional<String> urlSchema(String jdbcUrl) {
        if (jdbcUrl == null) {
            return Optional.empty();
        }
        int q = jdbcUrl.indexOf('?');
        if (q < 0) {
            return Optional.empty();
        }
        for (String parameter : jdbcUrl.substring(q + 1).split("&")) {
            int eq = parameter.indexOf('=');
            if (eq > 0 && parameter.substring(0, eq).equals("currentSchema")) {
                String first = URLDecoder.decode(parameter.substring(eq + 1), StandardCharsets.UTF_8)
                        .split(",")[0]
                        .trim();
                if (!first.isEmpty()) {
                    return Optional.of(
                            first.startsWith("\"") && first.endsWith("\"") && first.length() > 1
                                    ? first.substring(1, first.length() - 1)
                                    : first);
                }
            }
        }
        return Optional.empty();
    }

    /** The name quoted for SQL. */
    public String quoted() {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    public String origin() {
        return fromUrl ? "named by the JDBC URL's currentSchema" : "USERSYNC_DB_SCHEMA";
    }
}
