package io.usersync.run;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready once shutdown began: a load balancer stops sending requests while the instance hands its runs back. */
@Readiness
@ApplicationScoped
public class ShutdownReadiness implements HealthCheck {
    private final RunWorker worker;

    ShutdownReadiness(RunWorker worker) {
        this.worker = worker;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("usersync instance");
        return worker.stopping()
                ? response.down().withData("reason", "shutting down").build()
                : response.up().build();
    }
}
