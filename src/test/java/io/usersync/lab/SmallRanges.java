package io.usersync.lab;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * 500-value member ranges and 400-entry pages. Samba, unlike Windows, does not force ranged retrieval, so the lab
 * asks for it to exercise that code.
 */
public class SmallRanges implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        // and webhooks may go to a receiver on this machine (SambaAdSyncIT's events)
        return Map.of(
                "usersync.sync.member-range-step", "500",
                "usersync.sync.page-size", "400",
                "usersync.webhook.allow-http", "true",
                "usersync.webhook.host-allowlist", "127.0.0.1",
                "usersync.webhook.tick", "200ms");
    }
}
