package io.usersync.directory;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** What a directory entry is, for a person picking what to sync; the order is the browse order. */
public enum EntryKind {
    DOMAIN,
    OU,
    CONTAINER,
    GROUP,
    USER,
    COMPUTER,
    OTHER;

    public static EntryKind of(String[] objectClasses) {
        Set<String> oc = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        if (objectClasses != null) {
            oc.addAll(List.of(objectClasses));
        }
        if (oc.contains("domainDNS") || oc.contains("domain") || oc.contains("dcObject")) {
            return DOMAIN;
        }
        if (oc.contains("organizationalUnit")) {
            return OU;
        }
        if (oc.contains("container") || oc.contains("builtinDomain") || oc.contains("organization")) {
            return CONTAINER;
        }
        if (oc.contains("group")
                || oc.contains("groupOfNames")
                || oc.contains("groupOfUniqueNames")
                || oc.contains("posixGroup")) {
            return GROUP;
        }
        if (oc.contains("computer")) {
            return COMPUTER;
        }
        if (oc.contains("contact")) {
            return OTHER;
        }
        if (oc.contains("user")
                || oc.contains("inetOrgPerson")
                || oc.contains("posixAccount")
                || oc.contains("person")) {
            return USER;
        }
        return OTHER;
    }

    public boolean isContainerLike() {
        return this == DOMAIN || this == OU || this == CONTAINER;
    }
}
