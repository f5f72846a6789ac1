package io.usersync.audit;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.Map;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One audited action: who did what to which object, when, from where, and the object before and after. */
@Entity
@Table(name = "audit_event")
public class AuditEvent extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public OffsetDateTime at;
    public String actor;

    @Column(name = "actor_type")
    public String actorType;

    public String action;

    @Column(name = "target_type")
    public String targetType;

    @Column(name = "target_id")
    public String targetId;

    @Column(name = "remote_address")
    public String remoteAddress;

    public String outcome;
    public String detail;

    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> before;

    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> after;
}
