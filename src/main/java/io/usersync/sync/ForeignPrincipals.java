package io.usersync.sync;

import java.util.Locale;

/**
 * Members from other domains of a forest: AD lists them as foreign security principals, entries named by
 * their SID in {@code CN=ForeignSecurityPrincipals} of the group's domain. Such a member is resolved by
 * that SID to whatever user or group the store holds with it, from any task.
 */
final class ForeignPrincipals {
    private static final String CONTAINER = ",cn=foreignsecurityprincipals,";

    private ForeignPrincipals() {}

    /** The SID a normalised member DN names as a foreign security principal (S-1-...), or null for any other member. */
    static String sidOf(String normalizedDn) {
        if (!normalizedDn.startsWith("cn=s-1-")) {
            return null;
        }
        int end = normalizedDn.indexOf(',');
        if (end < 0 || !normalizedDn.regionMatches(end, CONTAINER, 0, CONTAINER.length())) {
            return null;
        }
        String sid = normalizedDn.substring(3, end).toUpperCase(Locale.ROOT);
        return sid.matches("S-1-\\d+(-\\d+)*") ? sid : null;
    }
}
