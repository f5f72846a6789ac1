package io.usersync.directory;

import com.unboundid.ldap.sdk.LDAPConnectionPool;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pooled connections per target for interactive calls (browse, test), so that a console expanding
 * a tree reuses a bound connection. Keyed by a hash of everything that makes a connection different,
 * the secrets included, so a changed password or keytab never reuses an old pool; idle pools are closed.
 */
@ApplicationScoped
public class DirectoryPools {
    private record Pooled(LDAPConnectionPool pool, long[] lastUsed) {}

    private final Map<String, Pooled> pools = new ConcurrentHashMap<>();
    private final LdapConnector connector;
    private final Duration timeout;
    private final Duration idle = Duration.ofSeconds(60);

    DirectoryPools(LdapConnector connector, DirectoryConfig config) {
        this.connector = connector;
        this.timeout = config.timeout();
    }

    public Duration timeout() {
        return timeout;
    }

    public LDAPConnectionPool get(DirectoryConnection d) throws DirectoryException {
        String key = key(d);
        Pooled p = pools.get(key);
        if (p == null || p.pool().isClosed()) {
            LDAPConnectionPool pool = connector.pool(d, timeout, 4);
            p = new Pooled(pool, new long[] {System.nanoTime()});
            Pooled raced = pools.putIfAbsent(key, p);
            if (raced != null) {
                pool.close();
                p = raced;
            }
        }
        p.lastUsed()[0] = System.nanoTime();
        return p.pool();
    }

    /** Drops a pool whose connections failed, so the next call connects (and classifies) afresh. */
    public void discard(DirectoryConnection d) {
        Pooled p = pools.remove(key(d));
        if (p != null) {
            p.pool().close();
        }
    }

    @Scheduled(every = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void closeIdle() {
        long now = System.nanoTime();
        pools.entrySet().removeIf(e -> {
            boolean stale = now - e.getValue().lastUsed()[0] > idle.toNanos();
            if (stale) {
                e.getValue().pool().close();
            }
            return stale;
        });
    }

    @PreDestroy
    void closeAll() {
        pools.values().forEach(p -> p.pool().close());
        pools.clear();
    }

    private static String key(DirectoryConnection d) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (Object part : new Object[] {
                d.type(),
                d.host(),
                d.hosts(),
                d.domain(),
                d.site(),
                d.effectivePort(),
                d.effectiveSecurity(),
                d.effectiveBindMethod(),
                d.login(),
                d.password(),
                d.keytab(),
                d.kdc(),
                d.trustedCertificatesPem(),
                d.trustsAll()
            }) {
                md.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
