package io.usersync.directory;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** How to reach and bind to a directory: the block a task carries and browse/test calls take. */
@Schema(name = "DirectoryConnection")
public record DirectoryConnection(
        @Schema(required = true) @NotNull(message = "is required: ACTIVE_DIRECTORY or LDAP")
        DirectoryType type,

        @Schema(required = true, examples = "dc1.corp.example.com")
        @NotBlank(message = "must not be blank")
        @Size(max = 255, message = "must be at most 255 characters")
        String host,

        @Schema(description = "defaults to 636 for LDAPS, otherwise 389")
        @Min(value = 1, message = "must be between 1 and 65535")
        @Max(value = 65535, message = "must be between 1 and 65535")
        Integer port,

        @Schema(description = "NONE, STARTTLS or LDAPS; defaults to LDAPS")
        ConnectionSecurity security,

        @Schema(required = true, description = "DOMAIN\\user, user@domain or a full DN", examples = "CORP\\SVC-SYNC")
        @NotBlank(message = "must not be blank")
        @Size(max = 1024, message = "must be at most 1024 characters")
        String login,

        @Schema(
                description = "write-only: required on create, kept when omitted on update, never returned",
                writeOnly = true)
        @JsonProperty(access = JsonProperty.Access.WRITE_ONLY)
        @Size(max = 1024, message = "must be at most 1024 characters")
        String password,

        @Schema(description = "PEM certificates to trust for LDAPS/StartTLS; the JVM trust store when null")
        String trustedCertificatesPem,

        @Schema(
                description =
                        "accept any server certificate and host name: only for labs, never in production; default false")
        Boolean trustAllCertificates,

        @Valid AttributeMapping mapping) {

    public int effectivePort() {
        return port != null ? port : effectiveSecurity().defaultPort;
    }

    public ConnectionSecurity effectiveSecurity() {
        return security != null ? security : ConnectionSecurity.LDAPS;
    }

    public boolean trustsAll() {
        return Boolean.TRUE.equals(trustAllCertificates);
    }

    /** The same connection with the password replaced; never log the result of toString(). */
    public DirectoryConnection withPassword(String newPassword) {
        return new DirectoryConnection(
                type, host, port, security, login, newPassword, trustedCertificatesPem, trustAllCertificates, mapping);
    }

    @Override
    public String toString() {
        return "DirectoryConnection[" + type + " " + host + ":" + effectivePort() + " " + effectiveSecurity() + " as "
                + login + "]";
    }
}
