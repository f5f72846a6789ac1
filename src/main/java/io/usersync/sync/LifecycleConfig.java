package io.usersync.sync;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;

/** How long removed objects are kept, and how they go. Defaults and variable names are in application.properties. */
@ConfigMapping(prefix = "usersync.lifecycle")
public interface LifecycleConfig {
    /** A removed user or group is restored if it comes back within this; after it, it is purged. */
    Duration removedRetention();

    PurgeMode purgeMode();

    /** How often the purge looks for tombstones past the retention. */
    Duration purgeInterval();
}
