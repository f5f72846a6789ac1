package io.usersync.store;

import io.smallrye.config.ConfigMapping;

/** Where the store lives in PostgreSQL. Defaults and variable names are in application.properties. */
@ConfigMapping(prefix = "usersync.db")
public interface StoreConfig {
    /** The schema Flyway migrates and every connection uses, unless the JDBC URL names its own currentSchema. */
    String schema();
}
