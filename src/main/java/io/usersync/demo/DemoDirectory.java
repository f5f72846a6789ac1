package io.usersync.demo;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.LDAPException;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.InetAddress;
import org.jboss.logging.Logger;

/**
 * An embedded, AD-shaped directory on a loopback port so that a newcomer can sync something at once.
 * On in the demo/dev profile, off by default (USERSYNC_DEMO_DIRECTORY).
 */
@ApplicationScoped
public class DemoDirectory {
    private static final Logger LOG = Logger.getLogger(DemoDirectory.class);

    private final boolean enabled;
    private final int port;
    private final int users;
    private InMemoryDirectoryServer server;

    DemoDirectory(DemoConfig config) {
        this.enabled = config.enabled();
        this.port = config.port();
        this.users = config.users();
    }

    void start(@Observes StartupEvent ev) throws LDAPException {
        if (!enabled) {
            return;
        }
        server = start(port, users);
        // the password is in the README; a log line never holds one
        LOG.infof(
                "Demo directory (Active Directory shaped) on ldap://127.0.0.1:%d: base %s, login %s (or %s)",
                server.getListenPort(),
                AdLikeTree.BASE,
                AdLikeTree.SERVICE_DN,
                AdLikeTree.NETBIOS_DOMAIN + "\\svc-sync");
    }

    /** Starts a seeded in-memory server; port 0 picks a free one. Tests use this too. */
    public static InMemoryDirectoryServer start(int port, int users) throws LDAPException {
        return start(port, users, new InMemoryOperationInterceptor[0]);
    }

    /** The same, with interceptors that change what the server answers (tests of servers that misbehave). */
    public static InMemoryDirectoryServer start(int port, int users, InMemoryOperationInterceptor... interceptors)
            throws LDAPException {
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(AdLikeTree.BASE);
        // AD's schema (user, group, objectGUID, sAMAccountType, ...) is not the standard one
        config.setSchema(null);
        config.setListenerConfigs(
                InMemoryListenerConfig.createLDAPConfig("ldap", InetAddress.getLoopbackAddress(), port, null));
        config.setEnforceAttributeSyntaxCompliance(false);
        config.setEnforceSingleStructuralObjectClass(false);
        config.setMaxSizeLimit(0);
        AdBindNames bindNames = new AdBindNames();
        config.addInMemoryOperationInterceptor(bindNames);
        for (var i : interceptors) {
            config.addInMemoryOperationInterceptor(i);
        }
        InMemoryDirectoryServer s = new InMemoryDirectoryServer(config);
        bindNames.server = s;
        s.addEntries(AdLikeTree.build(users));
        s.startListening();
        return s;
    }

    public int port() {
        return server == null ? -1 : server.getListenPort();
    }

    @PreDestroy
    void stop() {
        if (server != null) {
            server.shutDown(true);
        }
    }
}
