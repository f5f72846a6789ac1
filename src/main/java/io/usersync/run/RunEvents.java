package io.usersync.run;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.mutiny.Multi;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Follows a run for Server-Sent Events. The run may execute on any replica, so the stream reads
 * the run's row (the shared truth) at a fixed interval and sends it whenever it changed.
 */
@ApplicationScoped
public class RunEvents {
    private final ScheduledExecutorService poller = Executors.newScheduledThreadPool(1, r -> {
        Thread t = new Thread(r, "usersync-run-events");
        t.setDaemon(true);
        return t;
    });
    private final Duration interval;

    RunEvents(RunsConfig config) {
        this.interval = config.eventsInterval();
    }

    public Multi<RunDto> follow(UUID runId) {
        return Multi.createFrom().emitter(emitter -> {
            AtomicReference<RunDto> last = new AtomicReference<>();
            AtomicReference<ScheduledFuture<?>> task = new AtomicReference<>();
            task.set(poller.scheduleWithFixedDelay(
                    () -> {
                        try {
                            RunDto now = QuarkusTransaction.requiringNew().call(() -> {
                                SyncRun r = SyncRun.findById(runId);
                                return r == null ? null : RunDto.of(r);
                            });
                            if (now == null) {
                                emitter.complete();
                            } else if (!now.equals(last.get())) {
                                last.set(now);
                                emitter.emit(now);
                                if (!now.status().isActive()) {
                                    emitter.complete();
                                }
                            }
                        } catch (RuntimeException e) {
                            emitter.fail(e);
                        }
                        if (emitter.isCancelled() && task.get() != null) {
                            task.get().cancel(false);
                        }
                    },
                    0,
                    interval.toMillis(),
                    TimeUnit.MILLISECONDS));
            emitter.onTermination(() -> {
                if (task.get() != null) {
                    task.get().cancel(false);
                }
            });
        });
    }

    @PreDestroy
    void stop() {
        poller.shutdownNow();
    }
}
