package io.usersync.run;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;

/** How this instance takes, runs, hands back and keeps runs. Defaults and variable names are in application.properties. */
@ConfigMapping(prefix = "usersync.runs")
public interface RunsConfig {
    /** Runs one instance executes at a time. */
    int workers();

    /** How long a run's lease lasts without renewal before another instance fails it as ABANDONED. */
    Duration lease();

    /** How often every instance looks at schedules and renews and checks leases. */
    Duration tick();

    /** On shutdown, how long a running run may go on before it is handed back to the queue. */
    Duration grace();

    /** Ended runs older than this are purged. */
    Duration retention();

    /** Runs kept per task whatever their age. */
    int keepPerTask();

    /** How long POST /sync-tasks/{id}/objects waits for its run (queued behind a running one) before it answers 202. */
    Duration objectWait();

    /** How often an event stream reads its run's row. */
    Duration eventsInterval();

    /** This instance's name in runs' {@code instance}; a suffix is added per start. */
    String instanceId();
}
