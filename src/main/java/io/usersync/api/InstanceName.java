package io.usersync.api;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * This process's name in the leases it holds (runs, webhook subscriptions), the deliveries it records and its
 * logs: a name operators recognise (USERSYNC_INSTANCE_ID, e.g. the pod name), made unique per start, so a
 * restarted replica never mistakes its predecessor's leases for its own.
 */
@ApplicationScoped
public class InstanceName {
    private final String name;

    InstanceName(@ConfigProperty(name = "usersync.runs.instance-id") String configured) {
        this.name = configured + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public String value() {
        return name;
    }
}
