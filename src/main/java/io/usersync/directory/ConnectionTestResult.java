package io.usersync.directory;

import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "ConnectionTestResult")
public record ConnectionTestResult(
        @Schema(required = true, description = "ACTIVE_DIRECTORY, OPENLDAP or OTHER")
        String serverType,

        @Schema(description = "vendorName/vendorVersion or the DC's dnsHostName, as the server says")
        String serverDescription,

        @Schema(required = true, description = "the server that connected and bound, and served the rest of the test")
        Server server,

        @Schema(
                required = true,
                description = "every server the connection may use, in the order tried, with what happened on each")
        List<CandidateOutcome> candidates,

        @Schema(description = "absent for plain LDAP") Tls tls,
        @Schema(required = true) List<String> namingContexts,
        String defaultNamingContext,
        @Schema(required = true) Capabilities capabilities,

        @Schema(required = true, description = "connect, TLS and bind, on the server used")
        long connectMillis,

        @Schema(required = true, description = "one rootDSE read on the bound connection")
        long roundTripMillis) {

    @Schema(name = "DirectoryServerUsed")
    public record Server(
            @Schema(required = true, description = "the host connected to")
            String host,

            @Schema(required = true) int port,

            @Schema(description = "the server's own name from its rootDSE (AD's dnsHostName), when it shows one")
            String dnsHostName) {}

    @Schema(name = "ConnectionTls")
    public record Tls(
            @Schema(required = true) String protocol,
            @Schema(required = true) String cipherSuite,
            String certificateSubject,
            String certificateIssuer,
            OffsetDateTime certificateNotAfter) {}

    @Schema(name = "DirectoryCapabilities")
    public record Capabilities(
            @Schema(required = true, description = "simple paged results, 1.2.840.113556.1.4.319")
            boolean pagedResults,

            @Schema(required = true, description = "AD DirSync, 1.2.840.113556.1.4.841")
            boolean dirSync,

            @Schema(required = true, description = "RFC 4533 content synchronization, 1.3.6.1.4.1.4203.1.9.1.1")
            boolean contentSync,

            @Schema(required = true, description = "LDAP_MATCHING_RULE_IN_CHAIN (AD only)")
            boolean inChain) {}
}
