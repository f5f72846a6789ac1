package io.usersync.security;

import io.quarkus.runtime.Startup;
import io.usersync.api.Problem;
import io.usersync.api.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.util.List;

/**
 * Limits where browse and connection test may connect: they make the server open a connection to a
 * host the caller names, which without a limit turns the service into a port scanner of its network.
 * Entries are matched as {@link HostAllowlist} does: a host name ({@code dc1.corp.example.com}), a domain wildcard ({@code *.corp.example.com}),
 * an address or a CIDR range ({@code 10.0.0.0/8}, {@code fd00::/8}). A host named directly or by
 * wildcard is allowed; otherwise every address it resolves to must lie in a listed range.
 */
@ApplicationScoped
@Startup // a malformed entry stops the start, not the first browse
public class DirectoryHostAllowlist {
    private final HostAllowlist list;
    private final boolean active;

    @Inject
    DirectoryHostAllowlist(SecurityConfig config) {
        this(config.directoryHostAllowlist().orElse(List.of()));
    }

    DirectoryHostAllowlist(List<String> entries) {
        this.list = new HostAllowlist(entries);
        this.active = list.active();
    }

    /** Refuses (403, naming the field) a host outside the allowlist; does nothing when no allowlist is set. */
    public void check(String field, String host) {
        if (!active || allows(host)) {
            return;
        }
        Problem p = new Problem(
                403,
                "Host not allowed",
                "'" + host
                        + "' is not on this server's allowlist for directory connections (usersync.security.directory-host-allowlist)");
        p.errors = List.of(new Problem.FieldError(field, "not on the allowlist for directory connections"));
        throw new ProblemException(p);
    }

    /** Whether a connection to the host may be made: always when no allowlist is set. */
    public boolean permits(String host) {
        return !active || allows(host);
    }

    /**
     * The same for a host already resolved, judged on the addresses the connection will use: the name
     * listed, or every address in a listed range. Checking other addresses than the ones connected to would
     * let a name that resolves differently the second time (DNS rebinding) through.
     */
    public boolean permits(String host, List<InetAddress> addresses) {
        return !active || list.allows(host, addresses);
    }

    boolean allows(String host) {
        return list.allows(host);
    }
}
