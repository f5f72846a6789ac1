package io.usersync.user;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;
import java.util.UUID;

/** A user's membership in a group; syncs maintain it in bulk, the API reads it. */
@Entity
@Table(name = "group_user_member")
@IdClass(GroupUserMember.Key.class)
public class GroupUserMember {
    @Id
    @Column(name = "group_id")
    public UUID groupId;

    @Id
    @Column(name = "user_id")
    public UUID userId;

    public static class Key implements Serializable {
        public UUID groupId;
        public UUID userId;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(groupId, k.groupId) && Objects.equals(userId, k.userId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(groupId, userId);
        }
    }
}
