package io.usersync.audit;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;

/** Defaults and variable names are in application.properties. */
@ConfigMapping(prefix = "usersync.audit")
public interface AuditConfig {
    /** Audit events older than this are purged. */
    Duration retention();
}
