package io.usersync.directory;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Browse, connection test and finding servers. Defaults and variable names are in application.properties. */
@ConfigMapping(prefix = "usersync.directory")
public interface DirectoryConfig {
    /** Bound on each browse and connection-test call: connect, TLS, bind, each read. */
    Duration timeout();

    /** DNS servers (host or host:port) asked for SRV records and their targets; the system's resolver when empty. */
    Optional<List<String>> dnsServers();

    /** Bound on each DNS query. */
    Duration dnsTimeout();
}
