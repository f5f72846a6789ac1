package io.usersync.demo;

import io.smallrye.config.ConfigMapping;

/** The embedded demo directory. Defaults and variable names are in application.properties. */
@ConfigMapping(prefix = "usersync.demo-directory")
public interface DemoConfig {
    boolean enabled();

    /** Its loopback port. */
    int port();

    /** How many users it holds. */
    int users();
}
