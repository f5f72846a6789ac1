package io.usersync.directory;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;

/** Browse and connection test. Defaults and variable names are in application.properties. */
@ConfigMapping(prefix = "usersync.directory")
public interface DirectoryConfig {
    /** Bound on each browse and connection-test call: connect, TLS, bind, each read. */
    Duration timeout();
}
