package io.usersync.directory;

import com.unboundid.ldap.sdk.NameResolver;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Resolves one host to the address it was checked and connected at: a pool's later connections must go
 * where the allowlist judged, even if the name answers otherwise by then.
 */
final class PinnedNameResolver extends NameResolver {
    private final String host;
    private final InetAddress address;
    private final NameResolver others;

    PinnedNameResolver(String host, InetAddress address, NameResolver others) {
        this.host = host;
        this.address = address;
        this.others = others;
    }

    @Override
    public InetAddress getByName(String name) throws UnknownHostException {
        return host.equalsIgnoreCase(name) ? address : others.getByName(name);
    }

    @Override
    public InetAddress[] getAllByName(String name) throws UnknownHostException {
        return host.equalsIgnoreCase(name) ? new InetAddress[] {address} : others.getAllByName(name);
    }

    @Override
    public void toString(StringBuilder buffer) {
        buffer.append("PinnedNameResolver(").append(host).append(')');
    }
}
