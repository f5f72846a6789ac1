package io.usersync.webhook;

import io.usersync.api.TimestampedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.DynamicUpdate;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A webhook subscription as the API changes it. The delivery worker reads and moves its cursor, failure state
 * and lease with plain SQL, fenced by the lease (see {@link WebhookDeliverer}).
 */
@Entity
@DynamicUpdate
@Table(name = "webhook_subscription")
public class WebhookSubscription extends TimestampedEntity {
    @Id
    public UUID id;

    public String url;

    /** As given: types and families ({@code user.*}); empty for every type. */
    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> events;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "task_ids")
    public List<UUID> taskIds;

    public boolean enabled;

    @Column(name = "secret_encrypted")
    public byte[] secretEncrypted;

    public String status;

    /** The last event delivered or passed over. */
    public long cursor;

    @Column(name = "failing_since")
    public OffsetDateTime failingSince;

    public int attempts;

    @Column(name = "next_attempt_at")
    public OffsetDateTime nextAttemptAt;

    @Column(name = "last_error")
    public String lastError;

    @Column(name = "lease_owner")
    public String leaseOwner;

    @Column(name = "lease_expires_at")
    public OffsetDateTime leaseExpiresAt;
}
