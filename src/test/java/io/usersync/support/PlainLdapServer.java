package io.usersync.support;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import java.net.InetAddress;

/**
 * A small LDAP directory of a test's own on loopback: no schema (any object class and attribute), one
 * administrator ({@link #ADMIN_PASSWORD}), and its base entry with an entryUUID.
 */
public final class PlainLdapServer {
    public static final String ADMIN_PASSWORD = "secret";

    private PlainLdapServer() {}

    /** The administrator's DN of a server started with this base. */
    public static String admin(String base) {
        return "cn=admin," + base;
    }

    public static InMemoryDirectoryServer start(String base) throws LDAPException {
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(base);
        config.setSchema(null);
        config.setListenerConfigs(
                InMemoryListenerConfig.createLDAPConfig("ldap", InetAddress.getLoopbackAddress(), 0, null));
        config.addAdditionalBindCredentials(admin(base), ADMIN_PASSWORD);
        InMemoryDirectoryServer server = new InMemoryDirectoryServer(config);
        server.startListening();
        server.add(new Entry(
                base,
                new Attribute("objectClass", "domain"),
                new Attribute("dc", base.substring(3, base.indexOf(','))),
                new Attribute(
                        "entryUUID",
                        "00000000-0000-4000-8000-" + String.format("%012x", base.hashCode() & 0xffffffffL))));
        return server;
    }
}
