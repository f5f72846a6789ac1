package io.usersync.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SrvOrderTest {
    static SrvTarget srv(int priority, int weight, String target) {
        return new SrvTarget("_ldap._tcp.dc._msdcs.corp.test", priority, weight, 389, target);
    }

    static List<String> order(List<SrvTarget> records, long seed) {
        return SrvOrder.order(records, new Random(seed)).stream()
                .map(SrvTarget::target)
                .toList();
    }

    @Test
    void lowerPriorityComesFirstWhateverTheWeight() {
        List<SrvTarget> records = List.of(srv(10, 100, "c"), srv(0, 0, "a"), srv(5, 1, "b"), srv(10, 0, "d"));
        for (long seed = 0; seed < 50; seed++) {
            List<String> o = order(records, seed);
            assertEquals(List.of("a", "b"), o.subList(0, 2));
            assertTrue(o.subList(2, 4).containsAll(List.of("c", "d")));
        }
    }

    @Test
    void withinAPriorityHeavierTargetsComeFirstInProportion() {
        List<SrvTarget> records = List.of(srv(0, 90, "heavy"), srv(0, 10, "light"), srv(0, 0, "zero"));
        Map<String, Integer> first = new HashMap<>();
        Random random = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            first.merge(SrvOrder.order(records, random).get(0).target(), 1, Integer::sum);
        }
        // RFC 2782: chance weight / (sum + 1) each, and a weight-0 target only on a draw of 0
        assertTrue(first.get("heavy") > 8_600 && first.get("heavy") < 9_200, first.toString());
        assertTrue(first.get("light") > 700 && first.get("light") < 1_300, first.toString());
        assertTrue(first.getOrDefault("zero", 0) < 200, first.toString());
    }

    @Test
    void aDotTargetMeansNoServiceThere() {
        assertEquals(List.of("a"), order(List.of(srv(0, 0, "."), srv(1, 0, "a")), 1));
    }

    @Test
    void hostsListEntriesAreParsedWithTheirPorts() {
        assertEquals(new HostPort("dc1.corp.test", 636), HostPort.parse("dc1.corp.test", 636));
        assertEquals(new HostPort("dc2.corp.test", 3269), HostPort.parse(" dc2.corp.test:3269 ", 636));
        assertEquals(new HostPort("fd00::1", 636), HostPort.parse("[fd00::1]", 636));
        assertEquals(new HostPort("fd00::1", 389), HostPort.parse("[fd00::1]:389", 636));
        assertThrows(IllegalArgumentException.class, () -> HostPort.parse("dc1:0", 636));
        assertThrows(IllegalArgumentException.class, () -> HostPort.parse("dc1:x", 636));
        assertThrows(IllegalArgumentException.class, () -> HostPort.parse("dc 1", 636));
        assertThrows(IllegalArgumentException.class, () -> HostPort.parse("", 636));
    }

    @Test
    void aDomainAsksItsSiteFirst() {
        assertEquals(
                List.of("_ldap._tcp.Berlin._sites.dc._msdcs.corp.test", "_ldap._tcp.dc._msdcs.corp.test"),
                ServerCandidates.srvNames("Corp.Test.", "Berlin"));
        assertEquals(List.of("_ldap._tcp.dc._msdcs.corp.test"), ServerCandidates.srvNames("corp.test", null));
    }
}
