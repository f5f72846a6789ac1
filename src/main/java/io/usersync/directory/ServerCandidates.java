package io.usersync.directory;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/** The servers a connection tries, in order: its host, its hosts list, or its domain's DCs from DNS SRV records. */
@ApplicationScoped
public class ServerCandidates {
    private final SrvLookup dns;

    ServerCandidates(SrvLookup dns) {
        this.dns = dns;
    }

    public List<ServerCandidate> of(DirectoryConnection d) throws DirectoryException {
        if (d.domain() != null && !d.domain().isBlank()) {
            return fromDns(d);
        }
        if (d.hosts() != null && !d.hosts().isEmpty()) {
            List<ServerCandidate> out = new ArrayList<>();
            for (int i = 0; i < d.hosts().size(); i++) {
                HostPort hp = HostPort.parse(d.hosts().get(i), d.effectivePort());
                out.add(new ServerCandidate(hp.host(), hp.port(), "hosts[" + i + "]"));
            }
            return out;
        }
        return List.of(new ServerCandidate(d.host().strip(), d.effectivePort(), "host"));
    }

    /** The SRV names asked for a domain (and site), in the order they are asked. */
    public static List<String> srvNames(String domain, String site) {
        String dom = strip(domain);
        List<String> names = new ArrayList<>();
        if (site != null && !site.isBlank()) {
            names.add("_ldap._tcp." + site.strip() + "._sites.dc._msdcs." + dom);
        }
        names.add("_ldap._tcp.dc._msdcs." + dom);
        return names;
    }

    private List<ServerCandidate> fromDns(DirectoryConnection d) throws DirectoryException {
        List<String> names = srvNames(d.domain(), d.site());
        List<ServerCandidate> out = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (String name : names) {
            List<SrvTarget> records;
            try {
                records = SrvOrder.order(dns.srv(name), ThreadLocalRandom.current());
            } catch (SrvLookup.DnsFailure e) {
                failures.add(e.getMessage());
                continue;
            }
            for (SrvTarget r : records) {
                int port = d.effectiveSecurity() == ConnectionSecurity.LDAPS ? d.effectivePort() : r.port();
                String host = r.target().toLowerCase(Locale.ROOT);
                if (out.stream().noneMatch(c -> c.host().equals(host) && c.port() == port)) {
                    out.add(new ServerCandidate(
                            host, port, "SRV " + name + " priority " + r.priority() + " weight " + r.weight()));
                }
            }
        }
        if (out.isEmpty()) {
            throw new DirectoryException(
                    FailureCategory.DNS,
                    "no domain controller found for " + d.domain() + ": "
                            + (failures.isEmpty()
                                    ? "no SRV records at " + String.join(" or ", names)
                                    : String.join("; ", failures) + " (asked for " + String.join(", ", names) + ")")
                            + ", asking " + dns.serversInUse());
        }
        return out;
    }

    private static String strip(String domain) {
        String d = domain.strip().toLowerCase(Locale.ROOT);
        return d.endsWith(".") ? d.substring(0, d.length() - 1) : d;
    }
}
