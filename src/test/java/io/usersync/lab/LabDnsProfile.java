package io.usersync.lab;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/** The service asking the lab's own DNS server (dnsmasq on a loopback port) for SRV records and their targets. */
public class LabDnsProfile implements QuarkusTestProfile {
    private static LabDns dns;

    /** The one lab DNS server of this JVM; tests set its records. */
    public static synchronized LabDns dns() {
        if (dns == null) {
            dns = LabDns.start(List.of());
        }
        return dns;
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("usersync.directory.dns-servers", dns().address(), "usersync.directory.dns-timeout", "2s");
    }
}
