package io.usersync.task;

import io.usersync.group.GroupReferences;
import io.usersync.group.UserGroup;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.util.List;

/** A group that sync tasks land in is not deleted under them. */
@ApplicationScoped
@Priority(10)
class TaskTargetGroups implements GroupReferences {
    private final EntityManager em;

    TaskTargetGroups(EntityManager em) {
        this.em = em;
    }

    @Override
    public String blocksDeletion(UserGroup group) {
        @SuppressWarnings("unchecked")
        List<String> tasks = em.createNativeQuery("select name from sync_task where target_group_id = ?1 order by name")
                .setParameter(1, group.id)
                .getResultList();
        return tasks.isEmpty()
                ? null
                : "group '" + group.name + "' is the target group of sync task(s) " + tasks
                        + "; change their target first";
    }
}
