package io.usersync.sync;

import static org.junit.jupiter.api.Assertions.assertThrows;

import io.usersync.task.CollisionHandling;
import io.usersync.task.GroupExtinctionHandling;
import io.usersync.task.UserExtinctionHandling;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PlanOptionsTest {
    static PlanOptions options(
            boolean incremental, Set<ObjectKind> presentPhase, long objectsBefore, boolean eachUserOnce) {
        return new PlanOptions(
                UUID.randomUUID(),
                UUID.randomUUID(),
                UUID.randomUUID(),
                CollisionHandling.SKIP,
                UserExtinctionHandling.REMOVE,
                GroupExtinctionHandling.REMOVE,
                incremental,
                presentPhase,
                objectsBefore,
                null,
                false,
                eachUserOnce,
                false,
                -1,
                false);
    }

    @Test
    void onlyAFullReadStagesEachObjectOnce() {
        options(false, Set.of(), 0, true);
        assertThrows(IllegalArgumentException.class, () -> options(true, Set.of(), 10, true));
    }

    @Test
    void aFullRunCarriesNoWatermarkCounts() {
        options(true, Set.of(ObjectKind.USER), 10, false);
        assertThrows(IllegalArgumentException.class, () -> options(false, Set.of(ObjectKind.USER), 0, false));
        assertThrows(IllegalArgumentException.class, () -> options(false, Set.of(), 10, false));
    }
}
