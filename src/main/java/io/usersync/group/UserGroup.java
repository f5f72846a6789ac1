package io.usersync.group;

import io.usersync.api.TimestampedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.hibernate.Session;
import org.hibernate.annotations.Filter;
import org.hibernate.annotations.FilterDef;

/**
 * A node of the user-group tree. Removed groups stay as tombstones (removedAt set) until the retention
 * purges them; the {@value #LIVE} filter, on by default, keeps them out of every query through an entity,
 * users' too, so that only the lists asked for {@code include=removed} see them.
 */
@Entity
@Table(name = "user_group")
@FilterDef(name = UserGroup.LIVE, defaultCondition = "removed_at is null", autoEnabled = true, applyToLoadByKey = true)
@Filter(name = UserGroup.LIVE)
public class UserGroup extends TimestampedEntity {
    public static final UUID ROOT_ID = UUID.fromString("00000000-0000-0000-0000-000000000001");

    /** The filter that hides tombstones of users and groups. */
    public static final String LIVE = "live";

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

    @Column(name = "removed_at")
    public OffsetDateTime removedAt;

    @Column(name = "removed_by_run_id")
    public UUID removedByRunId;

    /** Who removed it through the API; null when a run did. */
    @Column(name = "removed_by")
    public String removedBy;

    @Column(name = "purged_at")
    public OffsetDateTime purgedAt;

    /** Lets the entity queries of this persistence context see tombstones too ({@code include=removed}). */
    public static void showRemoved(EntityManager em) {
        em.unwrap(Session.class).disableFilter(LIVE);
    }

    public boolean isRoot() {
        return kind == Kind.ROOT;
    }

    public boolean isSynced() {
        return taskId != null;
    }
}
