package io.usersync.directory;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import io.usersync.api.FieldErrors;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.List;

/** Checks what a caller says about a directory before anything connects to it. */
public final class DirectoryInputValidator {
    private DirectoryInputValidator() {}

    public static void validateConnection(DirectoryConnection c, String prefix, FieldErrors errors) {
        if (c == null) {
            return;
        }
        if (c.host() != null && !c.host().isBlank() && !c.host().matches("[A-Za-z0-9._:\\-\\[\\]]+")) {
            errors.add(prefix + "host", "must be a host name or IP address");
        }
        if (c.login() != null && c.login().contains("=") && !c.login().contains("\\") && !isDn(c.login())) {
            errors.add(prefix + "login", "looks like a DN but is not a valid one");
        }
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
