package io.usersync.support;

import java.time.Instant;

/** Waits for the wall clock to reach the next whole second, for stores that keep timestamps in whole seconds. */
public final class NextSecond {
    private NextSecond() {}

    public static void await() throws InterruptedException {
        long second = Instant.now().getEpochSecond();
        while (Instant.now().getEpochSecond() == second) {
            Thread.sleep(50);
        }
    }
}
