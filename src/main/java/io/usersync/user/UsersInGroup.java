package io.usersync.user;

import io.usersync.group.GroupReferences;
import io.usersync.group.UserGroup;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

/** A group that users sit in, or that has members, is not deleted under them. */
@ApplicationScoped
@Priority(20)
class UsersInGroup implements GroupReferences {
    private final EntityManager em;

    UsersInGroup(EntityManager em) {
        this.em = em;
    }

    @Override
    public String blocksDeletion(UserGroup group) {
        long users =
                ((Number) em.createNativeQuery("""
                select (select count(*) from app_user where group_id = ?1 and removed_at is null)
     + (select count(*) from group_user_member m join app_user u on u.id = m.user_id
        where m.group_id = ?1 and u.removed_at is null)""").setParameter(1, group.id).getSingleResult()).longValue();
        return users == 0
                ? null
                : "group '" + group.name + "' has " + users + " user(s) or membership(s); remove them first";
    }
}
