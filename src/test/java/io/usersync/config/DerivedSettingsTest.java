package io.usersync.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Quarkus settings that follow from usersync's variables, unless someone set them. */
class DerivedSettingsTest {
    static final String URL = "jdbc:postgresql://db:5432/usersync";

    static SmallRyeConfig config(Map<String, String> set) {
        Map<String, String> app = new HashMap<>(Map.of(
                "usersync.db.schema", "usersync", "usersync.log.format", "plain", "quarkus.datasource.jdbc.url", URL));
        app.putAll(set);
        return new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withInterceptors(new DerivedSettings())
                .withDefaultValue("quarkus.otel.exporter.otlp.endpoint", "http://localhost:4317/")
                .withDefaultValue("quarkus.otel.sdk.disabled", "false")
                .withDefaultValue("quarkus.http.cors.enabled", "false")
                .withDefaultValue("quarkus.otel.exporter.otlp.traces.protocol", "grpc")
                .withSources(new PropertiesConfigSource(app, "application.properties", 250))
                .build();
    }

    static String value(SmallRyeConfig c, String name) {
        return c.getConfigValue(name).getValue();
    }

    @Test
    void flywayMigratesTheSchemaEveryConnectionUses() {
        assertEquals("usersync", value(config(Map.of()), "quarkus.flyway.schemas"));
        assertEquals("other", value(config(Map.of("usersync.db.schema", "other")), "quarkus.flyway.schemas"));
        assertEquals(
                "fromurl",
                value(
                        config(Map.of(
                                "usersync.db.schema",
                                "other",
                                "quarkus.datasource.jdbc.url",
                                URL + "?sslmode=disable&currentSchema=fromurl,public")),
                        "quarkus.flyway.schemas"));
        assertEquals("explicit", value(config(Map.of("quarkus.flyway.schemas", "explicit")), "quarkus.flyway.schemas"));
    }

    @Test
    void jsonLogsCorsAndTracingFollowTheirVariables() {
        SmallRyeConfig plain = config(Map.of());
        assertEquals("false", value(plain, "quarkus.log.console.json.enabled"));
        assertEquals("false", value(plain, "quarkus.http.cors.enabled"));
        assertEquals(
                "true",
                value(plain, "quarkus.otel.sdk.disabled"),
                "the built-in localhost endpoint must not turn tracing on");

        SmallRyeConfig on = config(Map.of(
                "usersync.log.format",
                "JSON",
                "quarkus.http.cors.origins",
                "https://console.example.com",
                "otel.exporter.otlp.endpoint",
                "http://collector:4317",
                "otel.exporter.otlp.protocol",
                "http/protobuf"));
        assertEquals("true", value(on, "quarkus.log.console.json.enabled"));
        assertEquals("true", value(on, "quarkus.http.cors.enabled"));
        assertEquals("false", value(on, "quarkus.otel.sdk.disabled"));
        assertEquals("http://collector:4317", value(on, "quarkus.otel.exporter.otlp.endpoint"));
        assertEquals("http/protobuf", value(on, "quarkus.otel.exporter.otlp.protocol"));
        assertEquals("http/protobuf", value(on, "quarkus.otel.exporter.otlp.traces.protocol"));
        assertEquals("grpc", value(plain, "quarkus.otel.exporter.otlp.traces.protocol"));
    }
}
