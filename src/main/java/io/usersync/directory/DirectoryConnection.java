package io.usersync.directory;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * How to reach and bind to a directory: the block a task carries and browse/test calls take. The servers
 * are one {@code host}, an ordered {@code hosts} list, or a {@code domain} whose domain controllers DNS
 * SRV records name; exactly one of the three.
 */
@Schema(name = "DirectoryConnection")
// what a task's answer shows of its secrets: a script that sends back what it read must not be refused for it
@JsonIgnoreProperties({"passwordSet", "keytabSet"})
public record DirectoryConnection(
        @Schema(required = true) @NotNull(message = "is required: ACTIVE_DIRECTORY or LDAP")
        DirectoryType type,

        @Schema(description = "one server; give host, hosts or domain", examples = "dc1.corp.example.com")
        @Size(max = 255, message = "must be at most 255 characters")
        String host,

        @Schema(
                description = "servers tried in order, each host or host:port; the first that connects, negotiates TLS"
                        + " and binds serves the whole run",
                examples = "[\"dc1.corp.example.com\", \"dc2.corp.example.com:636\"]")
        @Size(max = 32, message = "must list at most 32 servers")
        List<@Size(max = 261, message = "must be at most 261 characters") String> hosts,

        @Schema(
                description = "an AD domain whose domain controllers are found through DNS SRV records"
                        + " (_ldap._tcp.dc._msdcs.<domain>)",
                examples = "corp.example.com")
        @Size(max = 253, message = "must be at most 253 characters")
        String domain,

        @Schema(
                description = "with domain: the AD site whose domain controllers are tried first"
                        + " (_ldap._tcp.<site>._sites.dc._msdcs.<domain>)",
                examples = "Berlin")
        @Size(max = 63, message = "must be at most 63 characters")
        String site,

        @Schema(
                description = "defaults to 636 for LDAPS, otherwise 389; with domain, NONE and STARTTLS take the SRV"
                        + " record's port and LDAPS uses 636 unless port is given")
        @Min(value = 1, message = "must be between 1 and 65535")
        @Max(value = 65535, message = "must be between 1 and 65535")
        Integer port,

        @Schema(description = "NONE, STARTTLS or LDAPS; defaults to LDAPS")
        ConnectionSecurity security,

        @Schema(description = "SIMPLE (default) or GSSAPI (Kerberos; signs on plain LDAP)")
        BindMethod bindMethod,

        @Schema(
                required = true,
                description = "DOMAIN\\user, user@domain or a full DN; for GSSAPI the Kerberos principal"
                        + " (svc-sync@CORP.EXAMPLE.COM, or CORP\\svc-sync with domain)",
                examples = "CORP\\SVC-SYNC")
        @NotNull(message = "is required")
        @Size(min = 1, max = 1024, message = "must be 1 to 1024 characters")
        String login,

        @Schema(
                description = "write-only: required on create (unless a GSSAPI task gives a keytab), kept when omitted"
                        + " on update, never returned",
                writeOnly = true)
        @JsonProperty(access = JsonProperty.Access.WRITE_ONLY)
        @Size(max = 1024, message = "must be at most 1024 characters")
        String password,

        @Schema(
                description = "write-only, GSSAPI only: base64 of a keytab file holding the login's key; kept when"
                        + " omitted on update, never returned",
                writeOnly = true)
        @JsonProperty(access = JsonProperty.Access.WRITE_ONLY)
        @Size(max = 131072, message = "must be at most 131072 characters")
        String keytab,

        @Schema(
                description = "GSSAPI only: the KDC as host or host:port; when absent, found through DNS"
                        + " (_kerberos._tcp.<realm>) or the JVM's krb5.conf",
                examples = "dc1.corp.example.com")
        @Size(max = 261, message = "must be at most 261 characters")
        String kdc,

        @Schema(description = "PEM certificates to trust for LDAPS/StartTLS; the JVM trust store when null")
        String trustedCertificatesPem,

        @Schema(
                description =
                        "accept any server certificate and host name: only for labs, never in production; default false")
        Boolean trustAllCertificates,

        @Valid AttributeMapping mapping) {

    /** The port a one-host or a domain's LDAPS connection uses. */
    public int effectivePort() {
        return port != null ? port : effectiveSecurity().defaultPort;
    }

    public ConnectionSecurity effectiveSecurity() {
        return security != null ? security : ConnectionSecurity.LDAPS;
    }

    public BindMethod effectiveBindMethod() {
        return bindMethod != null ? bindMethod : BindMethod.SIMPLE;
    }

    public boolean trustsAll() {
        return Boolean.TRUE.equals(trustAllCertificates);
    }

    public boolean hasKeytab() {
        return keytab != null && !keytab.isEmpty();
    }

    /** The servers as the caller named them, for messages: host, the hosts list or the domain. */
    public String servers() {
        if (domain != null && !domain.isBlank()) {
            return "domain " + domain + (site == null || site.isBlank() ? "" : " (site " + site + ")");
        }
        if (hosts != null && !hosts.isEmpty()) {
            return String.join(", ", hosts);
        }
        return host + ":" + effectivePort();
    }

    /** The same connection with the secrets replaced; never log the result of toString(). */
    public DirectoryConnection withSecrets(String newPassword, String newKeytab) {
        return new DirectoryConnection(
                type,
                host,
                hosts,
                domain,
                site,
                port,
                security,
                bindMethod,
                login,
                newPassword,
                newKeytab,
                kdc,
                trustedCertificatesPem,
                trustAllCertificates,
                mapping);
    }

    @Override
    public String toString() {
        return "DirectoryConnection[" + type + " " + servers() + " " + effectiveSecurity() + " " + effectiveBindMethod()
                + " as " + login + "]";
    }
}
