package io.usersync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.SearchResultEntry;
import io.usersync.directory.DirectoryType;
import io.usersync.directory.EffectiveMapping;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where a modifyTimestamp watermark starts: the directory's clock before the read, less the margin. */
class DirectoryPositionTest {
    @Test
    void theDirectorysCurrentTimeWinsOverThisServicesClock() throws Exception {
        SearchResultEntry root = new SearchResultEntry(
                "", new Attribute[] {new Attribute("currentTime", "20261201080000.0Z")}, new Control[0]);
        assertEquals(Instant.parse("2026-12-01T08:00:00Z"), DirectoryPosition.serverTime(null, root, List.of()));
    }

    @Test
    void withoutATimeOfItsOwnTheDirectoryIsReadAtThisServicesClockLessTheMargin() throws Exception {
        InMemoryDirectoryServer server =
                new InMemoryDirectoryServer(new InMemoryDirectoryServerConfig("dc=example,dc=org"));
        server.startListening();
        try (LDAPConnection c = server.getConnection()) {
            Instant before = Instant.now();
            DirectoryPosition p = DirectoryPosition.probe(
                    c,
                    EffectiveMapping.of(DirectoryType.LDAP, null),
                    "h:389",
                    List.of("dc=example,dc=org"),
                    Duration.ofMinutes(5));
            Instant after = Instant.now();
            assertEquals(ChangeFeed.MODIFY_TIMESTAMP, p.feed());
            Instant at = ModifyTimestamps.parse(p.value());
            assertTrue(
                    !at.isBefore(before.minus(Duration.ofMinutes(5)).minusSeconds(1))
                            && !at.isAfter(after.minus(Duration.ofMinutes(5))),
                    p.value() + " against " + before);
        } finally {
            server.shutDown(true);
        }
    }
}
