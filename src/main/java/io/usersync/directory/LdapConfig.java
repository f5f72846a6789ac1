package io.usersync.directory;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import java.time.Duration;

/** Timeouts and the message size limit of the connections the service makes. Defaults and variable names are in application.properties. */
@ConfigMapping(prefix = "usersync.ldap")
public interface LdapConfig {
    /** Connect and bind timeout. */
    Duration connectTimeout();

    /** Timeout of each LDAP operation (one page). */
    Duration responseTimeout();

    /** The largest LDAP message a connection accepts; the SDK buffers a whole message, so this bounds one entry's heap. */
    MemorySize maxMessageSize();
}
