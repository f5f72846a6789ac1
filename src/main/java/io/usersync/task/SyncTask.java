package io.usersync.task;

import io.usersync.api.TimestampedEntity;
import io.usersync.directory.AttributeMapping;
import io.usersync.directory.BindMethod;
import io.usersync.directory.ConnectionSecurity;
import io.usersync.directory.DirectoryConnection;
import io.usersync.directory.DirectoryType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

@Entity
@Table(name = "sync_task")
public class SyncTask extends TimestampedEntity {
    @Id
    public UUID id;

    public String name;
    public String description;
    public boolean enabled;

    @Column(name = "run_immediately")
    public boolean runImmediately;

    @Enumerated(EnumType.STRING)
    @Column(name = "directory_type")
    public DirectoryType directoryType;

    public String host;

    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> hosts;

    public String domain;
    public String site;

    /** Null only for a domain task on NONE/STARTTLS without one: the SRV records give the port then. */
    public Integer port;

    @Enumerated(EnumType.STRING)
    public ConnectionSecurity security;

    @Enumerated(EnumType.STRING)
    @Column(name = "bind_method")
    public BindMethod bindMethod;

    public String login;

    @Column(name = "password_ciphertext")
    public byte[] passwordCiphertext;

    @Column(name = "keytab_ciphertext")
    public byte[] keytabCiphertext;

    public String kdc;

    @Column(name = "trusted_certificates_pem")
    public String trustedCertificatesPem;

    @Column(name = "trust_all_certificates")
    public boolean trustAllCertificates;

    @JdbcTypeCode(SqlTypes.JSON)
    public AttributeMapping mapping;

    @Column(name = "target_group_id")
    public UUID targetGroupId;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "base_dns")
    public List<String> baseDns;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "excluded_dns")
    public List<String> excludedDns;

    @Column(name = "skip_disabled_users")
    public boolean skipDisabledUsers;

    @Column(name = "skip_expired_users")
    public boolean skipExpiredUsers;

    @Enumerated(EnumType.STRING)
    @Column(name = "collision_handling")
    public CollisionHandling collisionHandling;

    @Enumerated(EnumType.STRING)
    @Column(name = "user_extinction_handling")
    public UserExtinctionHandling userExtinctionHandling;

    @Enumerated(EnumType.STRING)
    @Column(name = "group_extinction_handling")
    public GroupExtinctionHandling groupExtinctionHandling;

    /** DISABLE_THEN_REMOVE: days a user stays disabled after it left the scope before it is removed. */
    @Column(name = "remove_after_days")
    public Integer removeAfterDays;

    public static final int DEFAULT_REMOVE_AFTER_DAYS = 30;

    @Column(name = "delete_max_count")
    public Integer deleteMaxCount;

    @Column(name = "delete_max_percent")
    public Integer deleteMaxPercent;

    @Column(name = "delete_max_membership_percent")
    public Integer deleteMaxMembershipPercent;

    @JdbcTypeCode(SqlTypes.JSON)
    public Schedule schedule;

    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> tags;
    /** Up to when the schedule has been turned into runs; written by the schedule ticker only. */
    @Column(name = "schedule_checked_until", insertable = false, updatable = false)
    public OffsetDateTime scheduleCheckedUntil;

    /** The connection as a task carries it, secrets left out: callers add the decrypted ones. */
    public DirectoryConnection connectionWithoutSecrets() {
        return new DirectoryConnection(
                directoryType,
                host,
                hosts,
                domain,
                site,
                port,
                security,
                bindMethod,
                login,
                null,
                null,
                kdc,
                trustedCertificatesPem,
                trustAllCertificates,
                mapping);
    }

    public DeleteThreshold deleteThreshold() {
        return new DeleteThreshold(
                deleteMaxCount,
                deleteMaxPercent,
                deleteMaxMembershipPercent == null
                        ? DeleteThreshold.DEFAULT_MEMBERSHIP_PERCENT
                        : deleteMaxMembershipPercent);
    }
}
