package io.usersync.audit;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;

/** Defaults and variable names are in application.properties. */
@ConfigMapping(prefix = "usersync.audit")
public interface AuditConfig {
    /** Audit events older than this are purged. */
    Duration retention();
}
