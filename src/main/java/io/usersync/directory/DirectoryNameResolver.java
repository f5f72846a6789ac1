package io.usersync.directory;

import com.unboundid.ldap.sdk.NameResolver;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Resolves the hosts connections go to with the service's own DNS servers when it has some (the names
 * SRV records give may be known only there), and with the system's resolver for names those do not know.
 */
final class DirectoryNameResolver extends NameResolver {
    private final SrvLookup dns;

    DirectoryNameResolver(SrvLookup dns) {
        this.dns = dns;
    }

    @Override
    public InetAddress getByName(String host) throws UnknownHostException {
        InetAddress own = own(host);
        return own != null ? own : super.getByName(host);
    }

    @Override
    public InetAddress[] getAllByName(String host) throws UnknownHostException {
        InetAddress own = own(host);
        return own != null ? new InetAddress[] {own} : super.getAllByName(host);
    }

    /** Null when the own servers do not know the name, or do not answer: the system's resolver then decides. */
    private InetAddress own(String host) throws UnknownHostException {
        if (host == null) {
            return null;
        }
        try {
            InetAddress a = dns.address(host);
            // connect and certificate checks go by the name: keep it on the address
            return a == null ? null : InetAddress.getByAddress(host, a.getAddress());
        } catch (SrvLookup.DnsFailure e) {
            return null;
        }
    }

    @Override
    public void toString(StringBuilder buffer) {
        buffer.append("DirectoryNameResolver(").append(dns.serversInUse()).append(')');
    }
}
