package io.usersync.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.usersync.api.ProblemException;
import java.util.List;
import org.junit.jupiter.api.Test;

class DirectoryHostAllowlistTest {
    final DirectoryHostAllowlist list = new DirectoryHostAllowlist(List.of(
            "dc1.corp.example.com", "*.lab.example.com", "127.0.0.0/8", "10.20.0.0/16", "192.168.1.7", "fd00::/8"));

    static void assertAllowed(DirectoryHostAllowlist list, String... hosts) {
        for (String host : hosts) {
            assertTrue(list.allows(host), host + " is allowed");
        }
    }

    static void assertRefused(DirectoryHostAllowlist list, String... hosts) {
        for (String host : hosts) {
            assertFalse(list.allows(host), host + " is refused");
        }
    }

    @Test
    void namesAndWildcards() {
        assertAllowed(list, "DC1.corp.example.com", "ldap.lab.example.com", "a.b.lab.example.com");
        assertRefused(list, "lab.example.com.evil.test", "evillab.example.com", "dc2.corp.example.com");
    }

    @Test
    void addressesAndRanges() {
        assertAllowed(list, "127.0.0.1", "10.20.255.1", "192.168.1.7", "fd12:3456::1");
        assertTrue(list.allows("localhost"), "resolves to loopback only");
        assertRefused(list, "10.21.0.1", "192.168.1.8", "fe80::1", "no-such-host.invalid");
    }

    @Test
    void oddPrefixLengthsMaskBits() {
        DirectoryHostAllowlist l = new DirectoryHostAllowlist(List.of("172.16.0.0/12"));
        assertAllowed(l, "172.31.255.255");
        assertRefused(l, "172.32.0.1");
    }

    @Test
    void refusalNamesTheFieldAndNoListMeansAnyHost() {
        ProblemException e = assertThrows(ProblemException.class, () -> list.check("directory.host", "8.8.8.8"));
        assertEquals(403, e.problem().status);
        assertEquals("directory.host", e.problem().errors.get(0).field());
        new DirectoryHostAllowlist(List.of()).check("directory.host", "8.8.8.8");
    }

    @Test
    void malformedEntriesAreRefusedAtStart() {
        assertThrows(IllegalArgumentException.class, () -> new DirectoryHostAllowlist(List.of("10.0.0.0/33")));
    }
}
