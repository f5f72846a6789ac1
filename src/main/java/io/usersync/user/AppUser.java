package io.usersync.user;

import io.usersync.api.TimestampedEntity;
import io.usersync.group.UserGroup;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import org.hibernate.annotations.Filter;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A user of the directory store: synced (taskId set) or created by hand. Syncs write it with SQL. */
@Entity
@Table(name = "app_user")
@Filter(name = UserGroup.LIVE)
public class AppUser extends TimestampedEntity {
    @Id
    public UUID id;

    @Column(name = "task_id")
    public UUID taskId;

    @Column(name = "external_id")
    public String externalId;

    public String sid;

    @Column(name = "group_id")
    public UUID groupId;

    public String username;

    @Column(name = "display_name")
    public String displayName;

    public String email;
    public String phone;
    public String office;

    @Column(name = "job_title")
    public String jobTitle;

    public String department;
    public String description;
    public String dn;
    public boolean enabled;

    /** Who disabled it: the directory, the extinction policy, or a person; null while it is enabled. */
    @Enumerated(EnumType.STRING)
    @Column(name = "disabled_by")
    public DisabledBy disabledBy;

    /** What the directory says of the account, whatever a person or the extinction policy decided on top. */
    @Column(name = "directory_enabled")
    public Boolean directoryEnabled;

    /** When a run first took it for gone and kept it; null while it is in the scope. */
    @Column(name = "left_scope_at")
    public OffsetDateTime leftScopeAt;

    @Column(name = "removed_at")
    public OffsetDateTime removedAt;

    @Column(name = "removed_by_run_id")
    public UUID removedByRunId;

    /** Who removed it through the API; null when a run did. */
    @Column(name = "removed_by")
    public String removedBy;

    @Column(name = "purged_at")
    public OffsetDateTime purgedAt;

    @Column(name = "account_expires_at")
    public OffsetDateTime accountExpiresAt;

    @Column(name = "locked_out_at")
    public OffsetDateTime lockedOutAt;

    /** The photo's SHA-256 (its ETag); null when the user has none. The bytes are in user_photo. */
    @Column(name = "photo_sha256")
    public String photoSha256;

    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> attributes;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "custom_attributes")
    public Map<String, String> customAttributes;
}
