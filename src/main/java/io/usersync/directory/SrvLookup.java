package io.usersync.directory;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Asks DNS for SRV records, and, when the service is given DNS servers of its own, for the addresses of
 * their targets too: names that only those servers know (a lab's, a split-horizon zone's) must resolve
 * where they were found. Queries go out uncached, so a changed record counts at the next run.
 */
@ApplicationScoped
public class SrvLookup {
    /** A DNS failure: no answer, or an answer that is an error. */
    public static class DnsFailure extends Exception {
        DnsFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final List<String> servers;
    private final DirectoryConfig config;

    SrvLookup(DirectoryConfig config) {
        this.config = config;
        this.servers = config.dnsServers().orElse(List.of()).stream()
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    /** The name's SRV records, unordered; empty when the name has none (NXDOMAIN or no SRV data). */
    public List<SrvTarget> srv(String name) throws DnsFailure {
        Message answer = query(name, Type.SRV);
        List<SrvTarget> out = new ArrayList<>();
        for (Record r : answer.getSection(Section.ANSWER)) {
            if (r instanceof SRVRecord s) {
                out.add(new SrvTarget(
                        name,
                        s.getPriority(),
                        s.getWeight(),
                        s.getPort(),
                        s.getTarget().toString(true)));
            }
        }
        return out;
    }

    /**
     * The address to connect to for a host name: from this service's own DNS servers when it has some,
     * else null, and the system resolves the name when connecting.
     */
    public InetAddress address(String host) throws DnsFailure {
        if (servers.isEmpty() || isLiteral(host)) {
            return null;
        }
        for (int type : new int[] {Type.A, Type.AAAA}) {
            for (Record r : query(host, type).getSection(Section.ANSWER)) {
                if (r instanceof ARecord a) {
                    return a.getAddress();
                }
                if (r instanceof AAAARecord a) {
                    return a.getAddress();
                }
            }
        }
        return null;
    }

    /** Where the queries go, for messages. */
    public String serversInUse() {
        return servers.isEmpty() ? "the system's DNS resolver" : "DNS servers " + String.join(", ", servers);
    }

    private Message query(String name, int type) throws DnsFailure {
        try {
            Message q = Message.newQuery(Record.newRecord(Name.fromString(name, Name.root), type, DClass.IN));
            Message answer = resolver().send(q);
            int rcode = answer.getRcode();
            if (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN) {
                throw new DnsFailure(
                        "the DNS server answered " + Rcode.string(rcode) + " for " + name + " " + Type.string(type),
                        null);
            }
            return answer;
        } catch (TextParseException e) {
            throw new DnsFailure("'" + name + "' is not a valid DNS name", e);
        } catch (IOException e) {
            throw new DnsFailure("no DNS answer for " + name + " from " + serversInUse() + ": " + e.getMessage(), e);
        }
    }

    private Resolver resolver() throws UnknownHostException {
        ExtendedResolver r;
        if (servers.isEmpty()) {
            r = new ExtendedResolver();
        } else {
            List<Resolver> each = new ArrayList<>();
            for (String s : servers) {
                each.add(new SimpleResolver(socketAddress(s)));
            }
            r = new ExtendedResolver(each);
        }
        r.setTimeout(config.dnsTimeout());
        r.setRetries(1);
        return r;
    }

    private static InetSocketAddress socketAddress(String server) throws UnknownHostException {
        int colon = server.lastIndexOf(':');
        boolean bracketed = server.startsWith("[");
        if (colon > 0 && (bracketed ? server.indexOf(']') < colon : server.indexOf(':') == colon)) {
            String host = server.substring(0, colon).replace("[", "").replace("]", "");
            return new InetSocketAddress(InetAddress.getByName(host), Integer.parseInt(server.substring(colon + 1)));
        }
        return new InetSocketAddress(
                InetAddress.getByName(server.replace("[", "").replace("]", "")), 53);
    }

    private static boolean isLiteral(String host) {
        return host.contains(":") || host.matches("[0-9.]+");
    }
}
