package io.usersync.webhook;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A delivery attempt as the API lists it; the deliverer writes them with plain SQL. */
@Entity
@Table(name = "webhook_delivery")
public class WebhookDelivery extends PanacheEntityBase {
    @Id
    public long id;

    @Column(name = "subscription_id")
    public UUID subscriptionId;

    @Column(name = "attempted_at")
    public OffsetDateTime attemptedAt;

    public String kind;

    @Column(name = "first_event_id")
    public Long firstEventId;

    @Column(name = "last_event_id")
    public Long lastEventId;

    @Column(name = "event_count")
    public int eventCount;

    @Column(name = "http_status")
    public Integer httpStatus;

    @Column(name = "latency_ms")
    public Integer latencyMs;

    public String error;
    public String instance;

    WebhookDeliveryDto toDto() {
        return new WebhookDeliveryDto(
                id,
                attemptedAt,
                WebhookDeliveryDto.DeliveryKind.valueOf(kind),
                httpStatus,
                latencyMs,
                error,
                firstEventId == null ? null : firstEventId.toString(),
                lastEventId == null ? null : lastEventId.toString(),
                eventCount,
                instance);
    }
}
