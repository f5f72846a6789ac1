package io.usersync.config;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.Priorities;
import io.usersync.store.StoreSchema;
import jakarta.annotation.Priority;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Quarkus settings that follow from usersync's own variables, unless set explicitly:
 * <ul>
 * <li>{@code quarkus.flyway.schemas}: the store's schema, whichever way the datasource is given
 * ({@link StoreSchema}), so Flyway migrates the schema every connection uses;</li>
 * <li>{@code quarkus.log.console.json.enabled}: {@code USERSYNC_LOG_FORMAT=json};</li>
 * <li>{@code quarkus.http.cors.enabled}: on when {@code USERSYNC_CORS_ORIGINS} names an origin. Off, no
 * cross-origin request is answered with CORS headers, and same-origin requests behind a proxy are not
 * mistaken for cross-origin ones;</li>
 * <li>{@code quarkus.otel.sdk.disabled}: tracing only when {@code OTEL_EXPORTER_OTLP_ENDPOINT} is set;</li>
 * <li>every other {@code quarkus.otel.*} key from its standard {@code OTEL_*} variable
 * ({@code OTEL_EXPORTER_OTLP_PROTOCOL}, {@code OTEL_SERVICE_NAME}, ...), which Quarkus does not read itself, a
 * signal's own key ({@code ...otlp.traces.protocol}) falling back to the general one as the OTel spec says.</li>
 * </ul>
 * It runs outside the profile and expression interceptors, so what it reads is resolved.
 */
@Priority(Priorities.APPLICATION + 100)
public class DerivedSettings implements ConfigSourceInterceptor {
    private static final long serialVersionUID = 1L;
    static final String FLYWAY_SCHEMAS = "quarkus.flyway.schemas";
    static final String JSON_LOGS = "quarkus.log.console.json.enabled";
    static final String CORS = "quarkus.http.cors.enabled";
    static final String OTEL_DISABLED = "quarkus.otel.sdk.disabled";
    private static final String QUARKUS_OTEL = "quarkus.otel.";
    private static final String OTLP = "quarkus.otel.exporter.otlp.";
    private static final Pattern SIGNAL_SPECIFIC =
            Pattern.compile("quarkus\\.otel\\.exporter\\.otlp\\.(traces|metrics|logs)\\.(.+)");
    /** With the standard OTEL_* variables read through them; the built-in localhost default does not count. */
    private static final List<String> OTLP_ENDPOINTS =
            List.of("quarkus.otel.exporter.otlp.endpoint", "quarkus.otel.exporter.otlp.traces.endpoint");

    private static final Set<String> DERIVED = Set.of(FLYWAY_SCHEMAS, JSON_LOGS, CORS, OTEL_DISABLED);

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        ConfigValue value = context.proceed(name);
        if (isSet(value)) {
            return value;
        }
        if (name.startsWith(QUARKUS_OTEL)) {
            ConfigValue standard = context.proceed(name.substring("quarkus.".length()));
            if (isSet(standard)) {
                return standard.withName(name);
            }
            // as OTEL_EXPORTER_OTLP_TRACES_PROTOCOL falls back to OTEL_EXPORTER_OTLP_PROTOCOL
            Matcher signal = SIGNAL_SPECIFIC.matcher(name);
            if (signal.matches()) {
                ConfigValue general = getValue(context, OTLP + signal.group(2));
                if (isSet(general)) {
                    return general.withName(name);
                }
            }
        }
        if (!DERIVED.contains(name)) {
            return value;
        }
        String derived = switch (name) {
            case FLYWAY_SCHEMAS ->
                StoreSchema.of(text(context, "quarkus.datasource.jdbc.url"), text(context, "usersync.db.schema"))
                        .name();
            case JSON_LOGS ->
                Boolean.toString("json"
                        .equalsIgnoreCase(text(context, "usersync.log.format").trim()));
            case CORS ->
                Boolean.toString(!text(context, "quarkus.http.cors.origins").isBlank());
            default -> Boolean.toString(OTLP_ENDPOINTS.stream().noneMatch(e -> isSet(getValue(context, e))));
        };
        return ConfigValue.builder()
                .withName(name)
                .withValue(derived)
                .withRawValue(derived)
                .withConfigSourceName(DerivedSettings.class.getSimpleName())
                .withConfigSourceOrdinal(Integer.MIN_VALUE + 1)
                .build();
    }

    /** Set by a person (a variable, a property, application.properties), not only an extension's built-in default. */
    private static boolean isSet(ConfigValue value) {
        return value != null
                && value.getValue() != null
                && !value.getValue().isBlank()
                && value.getConfigSourceOrdinal() >= 100;
    }

    private static String text(ConfigSourceInterceptorContext context, String name) {
        ConfigValue v = context.proceed(name);
        return v == null || v.getValue() == null ? "" : v.getValue();
    }
}
