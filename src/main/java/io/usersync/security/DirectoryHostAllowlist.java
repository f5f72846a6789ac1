package io.usersync.security;

import io.quarkus.runtime.Startup;
import io.usersync.api.Problem;
import io.usersync.api.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Limits where browse and connection test may connect: they make the server open a connection to a
 * host the caller names, which without a limit turns the service into a port scanner of its network.
 * An entry is a host name ({@code dc1.corp.example.com}), a domain wildcard ({@code *.corp.example.com}),
 * an address or a CIDR range ({@code 10.0.0.0/8}, {@code fd00::/8}). A host named directly or by
 * wildcard is allowed; otherwise every address it resolves to must lie in a listed range.
 */
@ApplicationScoped
@Startup // a malformed entry stops the start, not the first browse
public class DirectoryHostAllowlist {
    private final List<String> names = new ArrayList<>();
    private final List<Cidr> ranges = new ArrayList<>();
    private final boolean active;

    @Inject
    DirectoryHostAllowlist(SecurityConfig config) {
        this(config.directoryHostAllowlist().orElse(List.of()));
    }

    DirectoryHostAllowlist(List<String> entries) {
        for (String raw : entries) {
            String e = raw.trim().toLowerCase(Locale.ROOT);
            if (e.isEmpty()) {
                continue;
            }
            Cidr c = Cidr.parse(e);
            if (c != null) {
                ranges.add(c);
            } else {
                names.add(e);
            }
        }
        active = !names.isEmpty() || !ranges.isEmpty();
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
        if (!active || namedDirectly(host)) {
            return true;
        }
        return !ranges.isEmpty()
                && !addresses.isEmpty()
                && addresses.stream().allMatch(a -> ranges.stream().anyMatch(r -> r.contains(a)));
    }

    private boolean namedDirectly(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        return names.stream()
                .anyMatch(n -> n.equals(h)
                        || (n.startsWith("*.") && h.endsWith(n.substring(1)) && h.length() > n.length() - 1));
    }

    boolean allows(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (namedDirectly(h)) {
            return true;
        }
        if (ranges.isEmpty()) {
            return false;
        }
        try {
            InetAddress[] addresses = InetAddress.getAllByName(h);
            for (InetAddress a : addresses) {
                if (ranges.stream().noneMatch(r -> r.contains(a))) {
                    return false;
                }
            }
            return addresses.length > 0;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    record Cidr(byte[] network, int bits) {
        static Cidr parse(String entry) {
            String[] parts = entry.split("/", 2);
            if (!parts[0].matches("[0-9.]+|[0-9a-f:]*:[0-9a-f:.]*")) {
                return null;
            }
            try {
                byte[] address = InetAddress.getByName(parts[0]).getAddress();
                int bits = parts.length == 2 ? Integer.parseInt(parts[1]) : address.length * 8;
                if (bits < 0 || bits > address.length * 8) {
                    throw new IllegalArgumentException("bad prefix length in '" + entry + "'");
                }
                return new Cidr(address, bits);
            } catch (UnknownHostException | NumberFormatException e) {
                throw new IllegalArgumentException("'" + entry + "' is neither a host name nor an address range", e);
            }
        }

        boolean contains(InetAddress a) {
            byte[] b = a.getAddress();
            if (b.length != network.length) {
                return false;
            }
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (b[i] != network[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (b[full] & mask) == (network[full] & mask);
        }
    }
}
