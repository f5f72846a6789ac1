package io.usersync.directory;

import java.net.IDN;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * RFC 6125 host-name check of a server certificate, strictly by its names: DNS subject alternative
 * names (a wildcard only as the whole left-most label), IP addresses only against IP SANs, the
 * subject CN only when there are no DNS SANs. No DNS lookups and no leniency for loopback names,
 * which UnboundID's own verifier showed (it accepted 127.0.0.1 for a certificate of another host).
 */
public final class CertificateHostNames {
    private static final int SAN_DNS = 2;
    private static final int SAN_IP = 7;
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private CertificateHostNames() {}

    public static boolean matches(String host, X509Certificate cert) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        boolean ip = IPV4.matcher(h).matches() || h.contains(":");
        List<String> dnsNames = new ArrayList<>();
        List<String> ipNames = new ArrayList<>();
        try {
            Collection<List<?>> sans = cert.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    int type = (Integer) san.get(0);
                    if (type == SAN_DNS) {
                        dnsNames.add((String) san.get(1));
                    } else if (type == SAN_IP) {
                        ipNames.add((String) san.get(1));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            return false;
        }
        if (ip) {
            return ipNames.stream().anyMatch(n -> sameAddress(n, h));
        }
        String name = normalize(h);
        if (!dnsNames.isEmpty()) {
            return dnsNames.stream().anyMatch(n -> dnsMatches(normalize(n), name));
        }
        String cn = commonName(cert);
        return cn != null && dnsMatches(normalize(cn), name);
    }

    private static boolean dnsMatches(String pattern, String host) {
        if (pattern.startsWith("*.")) {
            int dot = host.indexOf('.');
            return dot > 0 && host.substring(dot + 1).equals(pattern.substring(2)) && pattern.indexOf('.', 2) > 0;
        }
        return pattern.equals(host);
    }

    private static String normalize(String name) {
        String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        return IDN.toASCII(n, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
    }

    private static boolean sameAddress(String a, String b) {
        try {
            // both are literals: getByName parses them without any lookup
            return InetAddress.getByName(a).equals(InetAddress.getByName(b));
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static String commonName(X509Certificate cert) {
        try {
            for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return rdn.getValue().toString();
                }
            }
        } catch (InvalidNameException e) {
            return null;
        }
        return null;
    }
}
