package io.usersync.security;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** An API token: its secret is shown once at creation; only its SHA-256 is kept. */
@Entity
@Table(name = "api_token")
public class ApiToken extends PanacheEntityBase {
    @Id
    public UUID id;

    public String name;
    public String role;

    @Column(name = "secret_hash")
    public String secretHash;

    @Column(name = "secret_prefix")
    public String secretPrefix;

    @Column(name = "expires_at")
    public OffsetDateTime expiresAt;

    @Column(name = "created_at")
    public OffsetDateTime createdAt;

    @Column(name = "created_by")
    public String createdBy;

    @Column(name = "last_used_at")
    public OffsetDateTime lastUsedAt;

    public boolean expired(OffsetDateTime now) {
        return expiresAt != null && !expiresAt.isAfter(now);
    }
}
