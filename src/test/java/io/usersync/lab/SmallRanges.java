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
        return Map.of("usersync.sync.member-range-step", "500", "usersync.sync.page-size", "400");
    }
}
