package io.usersync.directory;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;

/** Timeouts of the connections runs make. Defaults and variable names are in application.properties. */
@ConfigMapping(prefix = "usersync.ldap")
public interface LdapConfig {
    /** Connect and bind timeout. */
    Duration connectTimeout();

    /** Timeout of each LDAP operation (one page). */
    Duration responseTimeout();
}
