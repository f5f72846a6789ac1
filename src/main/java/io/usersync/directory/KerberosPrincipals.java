package io.usersync.directory;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.RDN;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A task's login as the Kerberos principal AD knows: {@code user@REALM} with the realm in capitals (the
 * KDC refuses it otherwise). {@code DOMAIN\\user} and a bare {@code user} take the realm from the task's
 * domain, else from the DC's defaultNamingContext: AD's realm is its DNS domain in capitals.
 */
final class KerberosPrincipals {
    private KerberosPrincipals() {}

    static String of(String login, String domain, String defaultNamingContext) throws DirectoryException {
        String l = login.strip();
        int at = l.lastIndexOf('@');
        if (at > 0 && at < l.length() - 1) {
            return l.substring(0, at) + "@" + l.substring(at + 1).toUpperCase(Locale.ROOT);
        }
        String user = l.contains("\\") ? l.substring(l.indexOf('\\') + 1) : l;
        String realm = domain != null && !domain.isBlank() ? domain.strip() : domainOf(defaultNamingContext);
        if (realm == null || user.isEmpty()) {
            throw new DirectoryException(
                    FailureCategory.KERBEROS,
                    "cannot tell the Kerberos realm of login '" + login
                            + "': give it as user@REALM, or give the task's domain");
        }
        if (realm.endsWith(".")) {
            realm = realm.substring(0, realm.length() - 1);
        }
        return user + "@" + realm.toUpperCase(Locale.ROOT);
    }

    /** DC=corp,DC=example,DC=com as corp.example.com; null when the DN is not all DC components. */
    static String domainOf(String dn) {
        if (dn == null || dn.isBlank()) {
            return null;
        }
        try {
            List<String> labels = new ArrayList<>();
            for (RDN rdn : new DN(dn).getRDNs()) {
                if (!rdn.hasAttribute("dc")) {
                    return null;
                }
                labels.add(rdn.getAttributeValues()[0]);
            }
            return labels.isEmpty() ? null : String.join(".", labels);
        } catch (LDAPException e) {
            return null;
        }
    }
}
