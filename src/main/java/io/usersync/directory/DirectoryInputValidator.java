package io.usersync.directory;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import io.usersync.api.FieldErrors;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Checks what a caller says about a directory before anything connects to it. */
public final class DirectoryInputValidator {
    private DirectoryInputValidator() {}

    public static void validateConnection(DirectoryConnection c, String prefix, FieldErrors errors) {
        if (c == null) {
            return;
        }
        validateServers(c, prefix, errors);
        if (c.login() != null && c.login().contains("=") && !c.login().contains("\\") && !isDn(c.login())) {
            errors.add(prefix + "login", "looks like a DN but is not a valid one");
        }
        validateKerberos(c, prefix, errors);
        if (c.trustedCertificatesPem() != null && !c.trustedCertificatesPem().isBlank()) {
            String problem = pemProblem(c.trustedCertificatesPem());
            if (problem != null) {
                errors.add(prefix + "trustedCertificatesPem", problem);
            }
        }
        AttributeMapping m = c.mapping();
        if (m != null) {
            validateFilter(m.userFilter(), prefix + "mapping.userFilter", errors);
            validateFilter(m.groupFilter(), prefix + "mapping.groupFilter", errors);
            validateFilter(m.containerFilter(), prefix + "mapping.containerFilter", errors);
            if (m.membershipSource() == MembershipSource.MEMBER_OF
                    && m.membershipStyle() == MembershipStyle.MEMBER_UID) {
                errors.add(
                        prefix + "mapping.membershipSource",
                        "MEMBER_OF cannot be used with membershipStyle MEMBER_UID:"
                                + " memberUid holds user names, which no server turns into memberOf values");
            }
        }
    }

    /** user@REALM, DOMAIN\\user or user; the realm goes into a krb5.conf, so nothing but a DNS-like name. */
    private static final String PRINCIPAL =
            "(?:[^@\\\\\\s]+@[A-Za-z0-9._-]+|[^@\\\\\\s]+\\\\[^@\\\\\\s]+|[^@\\\\\\s=]+)";

    private static final String DNS_NAME =
            "(?=.{1,253}\\.?$)[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9])?)*\\.?";

    /** Exactly one of host, hosts and domain, each well formed. */
    private static void validateServers(DirectoryConnection c, String prefix, FieldErrors errors) {
        boolean host = c.host() != null && !c.host().isBlank();
        boolean hosts = c.hosts() != null && !c.hosts().isEmpty();
        boolean domain = c.domain() != null && !c.domain().isBlank();
        int given = (host ? 1 : 0) + (hosts ? 1 : 0) + (domain ? 1 : 0);
        if (given == 0) {
            errors.add(prefix + "host", "give the server as host, hosts or domain");
        } else if (given > 1) {
            List<String> set = new ArrayList<>();
            if (host) {
                set.add("host");
            }
            if (hosts) {
                set.add("hosts");
            }
            if (domain) {
                set.add("domain");
            }
            for (String f : set) {
                errors.add(prefix + f, "give one of host, hosts or domain, not " + String.join(" and ", set));
            }
        }
        if (host && !c.host().matches("[A-Za-z0-9._:\\-\\[\\]]+")) {
            errors.add(prefix + "host", "must be a host name or IP address");
        }
        if (hosts) {
            for (int i = 0; i < c.hosts().size(); i++) {
                try {
                    HostPort.parse(c.hosts().get(i), 389);
                } catch (IllegalArgumentException e) {
                    errors.add(prefix + "hosts[" + i + "]", e.getMessage());
                }
            }
        }
        if (domain && !c.domain().strip().matches(DNS_NAME)) {
            errors.add(prefix + "domain", "must be a DNS domain name such as corp.example.com");
        }
        if (c.site() != null && !c.site().isBlank()) {
            if (!domain) {
                errors.add(prefix + "site", "is used only with domain: give the domain whose site it is");
            } else if (!c.site().strip().matches("[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9])?")) {
                errors.add(prefix + "site", "must be an AD site name: one DNS label (letters, digits, hyphens)");
            }
        }
    }

    private static void validateKerberos(DirectoryConnection c, String prefix, FieldErrors errors) {
        boolean gssapi = c.effectiveBindMethod() == BindMethod.GSSAPI;
        if (c.hasKeytab() && c.password() != null && !c.password().isEmpty()) {
            errors.add(prefix + "keytab", "give the password or a keytab, not both");
        }
        if (c.hasKeytab()) {
            if (!gssapi) {
                errors.add(prefix + "keytab", "is used only with bindMethod GSSAPI");
            } else {
                try {
                    byte[] k = Base64.getMimeDecoder().decode(c.keytab());
                    // a keytab file starts with 0x05 and its version, 0x01 or 0x02 (MIT's format)
                    if (k.length < 2 || k[0] != 5 || (k[1] != 1 && k[1] != 2)) {
                        errors.add(prefix + "keytab", "is not a keytab file (it must start with 0x0502)");
                    }
                } catch (IllegalArgumentException e) {
                    errors.add(prefix + "keytab", "must be the keytab file in base64: " + e.getMessage());
                }
            }
        }
        if (c.kdc() != null && !c.kdc().isBlank()) {
            if (!gssapi) {
                errors.add(prefix + "kdc", "is used only with bindMethod GSSAPI");
            } else {
                try {
                    HostPort.parse(c.kdc(), 88);
                } catch (IllegalArgumentException e) {
                    errors.add(prefix + "kdc", e.getMessage());
                }
            }
        }
        if (gssapi
                && c.login() != null
                && !c.login().contains("=")
                && !c.login().strip().matches(PRINCIPAL)) {
            errors.add(
                    prefix + "login",
                    "a GSSAPI login is user@REALM, DOMAIN\\user or user (letters, digits and . _ - in the realm)");
        }
        if (gssapi && c.login() != null && isDn(c.login()) && c.login().contains("=")) {
            errors.add(
                    prefix + "login",
                    "a GSSAPI bind names a Kerberos principal (svc-sync@CORP.EXAMPLE.COM) or DOMAIN\\user, not a DN");
        }
    }

    public static void validateDns(List<String> dns, String field, FieldErrors errors) {
        if (dns == null) {
            return;
        }
        for (int i = 0; i < dns.size(); i++) {
            String dn = dns.get(i);
            if (dn == null || dn.isBlank()) {
                errors.add(field + "[" + i + "]", "must not be blank");
            } else if (!isDn(dn)) {
                errors.add(field + "[" + i + "]", "'" + dn + "' is not a valid DN: " + dnProblem(dn));
            }
        }
    }

    public static boolean isDn(String s) {
        return dnProblem(s) == null;
    }

    private static String dnProblem(String s) {
        try {
            DN dn = new DN(s);
            return dn.isNullDN() ? "it is empty" : null;
        } catch (LDAPException e) {
            return e.getMessage();
        }
    }

    private static void validateFilter(String filter, String field, FieldErrors errors) {
        if (filter == null || filter.isBlank()) {
            return;
        }
        try {
            Filter.create(filter);
        } catch (LDAPException e) {
            errors.add(field, "is not a valid LDAP filter: " + e.getMessage());
        }
    }

    private static String pemProblem(String pem) {
        if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
            return "must hold one or more PEM certificates (-----BEGIN CERTIFICATE-----)";
        }
        try {
            var certs = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
            return certs.isEmpty() ? "holds no certificate" : null;
        } catch (CertificateException e) {
            return "is not a readable X.509 certificate: " + e.getMessage();
        }
    }
}
