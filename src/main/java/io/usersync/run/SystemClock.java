package io.usersync.run;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * The clock schedules fire by. A default bean, so that a test can put a clock it sets in its place
 * and fire schedules without waiting for them.
 */
@Singleton
class SystemClock {
    @Produces
    @DefaultBean
    @Singleton
    Clock clock() {
        return Clock.systemDefaultZone();
    }
}
