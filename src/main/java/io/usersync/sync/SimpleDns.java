package io.usersync.sync;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPException;

/**
 * Normalises the DNs that make up nearly all of a directory (ASCII letters, digits, '-', '.', '_',
 * single inner spaces: {@code uid=jdoe,ou=People,dc=example,dc=org}) without building a parsed DN:
 * for those, UnboundID's normalised form is the lower-cased string. Anything else (escapes, quotes,
 * '+', non-ASCII, stray spaces) goes to UnboundID. Parsing every DN was the reader's largest cost.
 * SimpleDnsTest checks the shortcut against UnboundID on generated DNs.
 */
final class SimpleDns {
    private SimpleDns() {}

    /** The normalised form of a DN, through the shortcut when the DN is simple. */
    static String normalize(String dn) throws LDAPException {
        String fast = simpleNormalized(dn);
        return fast != null ? fast : new DN(dn).toNormalizedString();
    }

    /** The parent of a normalised simple DN (no escaped commas), or null at the top. */
    static String parentOfNormalized(String normalized) {
        int comma = normalized.indexOf(',');
        return comma < 0 ? null : normalized.substring(comma + 1);
    }

    /** The lower-cased DN when it is simple, else null. */
    static String simpleNormalized(String dn) {
        int n = dn.length();
        if (n == 0) {
            return null;
        }
        char[] out = new char[n];
        boolean sawEquals = false;
        int rdnStart = 0;
        for (int i = 0; i < n; i++) {
            char c = dn.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                out[i] = (char) (c + ('a' - 'A'));
            } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_') {
                out[i] = c;
            } else if (c == '=') {
                if (sawEquals
                        || i == rdnStart
                        || i == n - 1
                        || dn.charAt(i + 1) == ','
                        || dn.charAt(i + 1) == ' '
                        || dn.charAt(i - 1) == ' ') {
                    return null;
                }
                sawEquals = true;
                out[i] = c;
            } else if (c == ',') {
                if (!sawEquals || i == n - 1) {
                    return null;
                }
                sawEquals = false;
                rdnStart = i + 1;
                out[i] = c;
            } else if (c == ' ') {
                if (!sawEquals || i == n - 1) {
                    return null;
                }
                char before = dn.charAt(i - 1);
                char after = dn.charAt(i + 1);
                if (before == ' ' || before == '=' || after == ' ' || after == ',' || after == '=') {
                    return null;
                }
                out[i] = c;
            } else {
                return null;
            }
        }
        return sawEquals ? new String(out) : null;
    }
}
