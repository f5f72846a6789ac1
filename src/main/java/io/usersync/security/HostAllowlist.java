package io.usersync.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Host names ({@code dc1.corp.example.com}), domain wildcards ({@code *.corp.example.com}), addresses and CIDR
 * ranges ({@code 10.0.0.0/8}, {@code fd00::/8}): the matching behind the allowlists of outbound connections
 * (directories, webhooks). A host named directly or by wildcard is on the list; otherwise every address it
 * resolves to must lie in a listed range.
 */
public final class HostAllowlist {
    private final List<String> names = new ArrayList<>();
    private final List<Cidr> ranges = new ArrayList<>();

    /** @throws IllegalArgumentException for an entry that is neither a host name nor an address range */
    public HostAllowlist(List<String> entries) {
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
    }

    /** Whether any entry is set (an empty list limits nothing: its users decide what that means). */
    public boolean active() {
        return !names.isEmpty() || !ranges.isEmpty();
    }

    /** The host is listed by name or by a wildcard over its domain. */
    public boolean namesDirectly(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        return names.stream()
                .anyMatch(n -> n.equals(h)
                        || (n.startsWith("*.") && h.endsWith(n.substring(1)) && h.length() > n.length() - 1));
    }

    /** The address lies in a listed range. */
    public boolean containsAddress(InetAddress a) {
        return ranges.stream().anyMatch(r -> r.contains(a));
    }

    /** The host is named, or it resolves and every address lies in a listed range. */
    public boolean allows(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (namesDirectly(h)) {
            return true;
        }
        if (ranges.isEmpty()) {
            return false;
        }
        try {
            return allowsAll(List.of(InetAddress.getAllByName(h)));
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /**
     * The same for a host already resolved, judged on the addresses the connection will use. Checking other
     * addresses than the ones connected to would let a name that resolves differently the second time (DNS
     * rebinding) through.
     */
    public boolean allows(String host, List<InetAddress> addresses) {
        return namesDirectly(host) || allowsAll(addresses);
    }

    private boolean allowsAll(List<InetAddress> addresses) {
        return !ranges.isEmpty() && !addresses.isEmpty() && addresses.stream().allMatch(this::containsAddress);
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
