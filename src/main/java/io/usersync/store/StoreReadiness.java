package io.usersync.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Objects;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;

/**
 * Ready only while the store can answer: the database is reachable, the schema exists and its
 * migration history is at the newest migration this code ships. Each probe asks the database again
 * (nothing cached), with a short statement timeout, so the instance comes back by itself.
 */
@Readiness
@ApplicationScoped
public class StoreReadiness implements HealthCheck {
    static final String NAME = "usersync store";
    private static final int TIMEOUT_SECONDS = 3;

    private final DataSource dataSource;
    private final StoreSchema schema;
    private final Flyway flyway;
    /** The newest migration on the classpath: a property of this code, read once. */
    private volatile String expected;

    @Inject
    StoreReadiness(DataSource dataSource, StoreLocation location, Flyway flyway) {
        this.dataSource = dataSource;
        this.schema = location.schema();
        this.flyway = flyway;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named(NAME).withData("schema", schema.name());
        try (Connection c = dataSource.getConnection()) {
            String applied;
            try (PreparedStatement s = c.prepareStatement("""
                    select exists (select 1 from pg_namespace where nspname = ?),
                           to_regclass(? || '.flyway_schema_history') is not null""")) {
                s.setQueryTimeout(TIMEOUT_SECONDS);
                s.setString(1, schema.name());
                s.setString(2, schema.quoted());
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    if (!r.getBoolean(1)) {
                        return response.down()
                                .withData("reason", "schema \"" + schema.name() + "\" does not exist")
                                .build();
                    }
                    if (!r.getBoolean(2)) {
                        return response.down()
                                .withData("reason", "schema \"" + schema.name() + "\" has no migration history")
                                .build();
                    }
                }
            }
            try (PreparedStatement s =
                    c.prepareStatement("select version from " + schema.quoted() + ".flyway_schema_history"
                            + " where success and version is not null order by installed_rank desc limit 1")) {
                s.setQueryTimeout(TIMEOUT_SECONDS);
                try (ResultSet r = s.executeQuery()) {
                    applied = r.next() ? r.getString(1) : null;
                }
            }
            String wanted = expected();
            response.withData("migration", String.valueOf(applied)).withData("expectedMigration", wanted);
            if (!Objects.equals(applied, wanted)) {
                return response.down()
                        .withData(
                                "reason",
                                "schema \"" + schema.name() + "\" is at migration " + applied + ", this code expects "
                                        + wanted)
                        .build();
            }
            return response.up().build();
        } catch (SQLException | RuntimeException e) {
            return response.down()
                    .withData("reason", "the database cannot be used: " + e.getMessage())
                    .build();
        }
    }

    private String expected() {
        String e = expected;
        if (e == null) {
            MigrationVersion newest = Arrays.stream(flyway.info().all())
                    .filter(m -> m.getState().isResolved() && m.getVersion() != null)
                    .map(MigrationInfo::getVersion)
                    .max(Comparator.naturalOrder())
                    .orElse(null);
            e = newest == null ? null : newest.getVersion();
            expected = e;
        }
        return e;
    }
}
