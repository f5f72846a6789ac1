package io.usersync.group;

import io.usersync.api.TimestampedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.UUID;

@Entity
@Table(name = "user_group")
public class UserGroup extends TimestampedEntity {
    public static final UUID ROOT_ID = UUID.fromString("00000000-0000-0000-0000-000000000001");

    public enum Kind {
        ROOT,
        MANUAL,
        CONTAINER,
        DIRECTORY_GROUP
    }

    @Id
    public UUID id;

    @Column(name = "parent_id")
    public UUID parentId;

    public String name;
    public String description;

    @Column(name = "task_id")
    public UUID taskId;

    @Column(name = "external_id")
    public String externalId;

    @Enumerated(EnumType.STRING)
    public Kind kind;

    public String dn;

    public boolean isRoot() {
        return kind == Kind.ROOT;
    }

    public boolean isSynced() {
        return taskId != null;
    }
}
