package io.usersync.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.config.ConfigMapping;
import io.usersync.audit.AuditConfig;
import io.usersync.console.ConsoleConfig;
import io.usersync.demo.DemoConfig;
import io.usersync.directory.DirectoryConfig;
import io.usersync.directory.LdapConfig;
import io.usersync.run.RunsConfig;
import io.usersync.security.SecurityConfig;
import io.usersync.store.StoreConfig;
import io.usersync.sync.LifecycleConfig;
import io.usersync.sync.SyncConfig;
import io.usersync.webhook.WebhookConfig;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * One way to configure: every key of the @ConfigMapping interfaces has its variable and its one default
 * in application.properties, and docs/configuration.md lists exactly those variables with those defaults.
 */
class ConfigurationTableTest {
    static final List<Class<?>> MAPPINGS = List.of(
            SyncConfig.class,
            LifecycleConfig.class,
            RunsConfig.class,
            LdapConfig.class,
            DirectoryConfig.class,
            SecurityConfig.class,
            AuditConfig.class,
            StoreConfig.class,
            DemoConfig.class,
            ConsoleConfig.class,
            WebhookConfig.class);
    /** Documented variables that application.properties does not name: read by DerivedSettings, or a key pattern. */
    static final Set<String> NOT_IN_PROPERTIES =
            Set.of("OTEL_EXPORTER_OTLP_ENDPOINT", "USERSYNC_SECURITY_OIDC_ROLE_MAPPING__<NAME>_");

    static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*):([^}]*)}");
    static final Pattern ROW = Pattern.compile("^\\| `([A-Z][A-Z0-9_<>]*)` \\| ([^|]*) \\|");

    record Property(String key, String value, boolean profile) {}

    static List<Property> properties() throws IOException {
        List<Property> all = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("src/main/resources/application.properties"))) {
            if (line.isBlank() || line.startsWith("#") || !line.contains("=")) {
                continue;
            }
            int eq = line.indexOf('=');
            all.add(new Property(line.substring(0, eq), line.substring(eq + 1), line.startsWith("%")));
        }
        return all;
    }

    /** Variable to its default, from the lines no profile prefixes (a profile's own default is the profile's). */
    static Map<String, String> variables() throws IOException {
        Map<String, String> vars = new LinkedHashMap<>();
        for (Property p : properties()) {
            Matcher m = VARIABLE.matcher(p.value());
            while (m.find()) {
                if (!p.profile()) {
                    vars.put(m.group(1), m.group(2));
                } else {
                    vars.putIfAbsent(m.group(1), null);
                }
            }
        }
        return vars;
    }

    static Map<String, String> readmeRows() throws IOException {
        Map<String, String> rows = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of("docs", "configuration.md"))) {
            Matcher m = ROW.matcher(line);
            if (m.find()) {
                rows.put(m.group(1), m.group(2).trim());
            }
        }
        return rows;
    }

    @Test
    void readmeListsEveryVariableWithItsDefault() throws IOException {
        Map<String, String> vars = variables();
        Map<String, String> rows = readmeRows();
        List<String> wrong = new ArrayList<>();
        for (var v : vars.entrySet()) {
            String cell = rows.get(v.getKey());
            if (cell == null) {
                wrong.add(v.getKey() + ": not in docs/configuration.md");
            } else if (v.getValue() != null
                    && v.getValue().isEmpty()
                    && !(cell.startsWith("none") || cell.startsWith("empty"))) {
                wrong.add(v.getKey() + ": docs/configuration.md says '" + cell
                        + "', application.properties has no default");
            } else if (v.getValue() != null && !v.getValue().isEmpty() && !cell.startsWith("`" + v.getValue() + "`")) {
                wrong.add(v.getKey() + ": docs/configuration.md says '" + cell + "', application.properties says `"
                        + v.getValue() + "`");
            }
        }
        for (String row : rows.keySet()) {
            if (!vars.containsKey(row) && !NOT_IN_PROPERTIES.contains(row)) {
                wrong.add(row + ": in docs/configuration.md but not used by application.properties");
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void everyConfigurationKeyHasItsVariableAndDefaultInOnePlace() throws IOException {
        Map<String, Property> byKey = new LinkedHashMap<>();
        for (Property p : properties()) {
            if (!p.profile()) {
                byKey.put(p.key(), p);
            }
        }
        Set<String> rows = readmeRows().keySet();
        List<String> wrong = new ArrayList<>();
        for (Class<?> mapping : MAPPINGS) {
            for (var key : keys(mapping.getAnnotation(ConfigMapping.class).prefix(), mapping)
                    .entrySet()) {
                if (key.getValue()) {
                    String variable = key.getKey().toUpperCase().replaceAll("[^A-Z0-9]", "_") + "__<NAME>_";
                    if (!rows.contains(variable)) {
                        wrong.add(key.getKey() + ": a map, documented as " + variable + " in docs/configuration.md");
                    }
                    continue;
                }
                Property p = byKey.get(key.getKey());
                if (p == null || !VARIABLE.matcher(p.value()).find()) {
                    wrong.add(key.getKey() + ": no '" + key.getKey()
                            + "=${USERSYNC_...:default}' line in application.properties");
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void everyConfigMappingIsCovered() throws IOException {
        Set<String> declared = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                if (Files.readString(f).contains("@ConfigMapping(")) {
                    declared.add(f.getFileName().toString().replace(".java", ""));
                }
            }
        }
        Set<String> covered =
                new TreeSet<>(MAPPINGS.stream().map(Class::getSimpleName).toList());
        assertEquals(declared, covered, "a @ConfigMapping this test does not check");
        assertTrue(covered.size() >= 6);
    }

    /** Key to whether it is a map (one variable per entry), as SmallRye names an interface's methods. */
    static Map<String, Boolean> keys(String prefix, Class<?> type) {
        Map<String, Boolean> keys = new LinkedHashMap<>();
        for (Method m : type.getDeclaredMethods()) {
            if (m.isDefault() || Modifier.isStatic(m.getModifiers()) || m.getParameterCount() > 0) {
                continue;
            }
            String key = prefix + "."
                    + m.getName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
            Class<?> r = m.getReturnType();
            if (r.isInterface() && r.getName().startsWith("io.usersync.")) {
                keys.putAll(keys(key, r));
            } else {
                keys.put(key, Map.class.isAssignableFrom(r));
            }
        }
        return keys;
    }
}
