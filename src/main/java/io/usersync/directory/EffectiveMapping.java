package io.usersync.directory;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The mapping a run uses: the directory type's defaults with the task's overrides on top.
 * AD users are picked by sAMAccountType (normal accounts only), which leaves out computers and
 * contacts on Windows and Samba alike without relying on objectCategory's server-side magic.
 */
public record EffectiveMapping(
        DirectoryType type,
        String idAttribute,
        String sidAttribute,
        String usernameAttribute,
        String principalNameAttribute,
        String displayNameAttribute,
        String emailAttribute,
        String phoneAttribute,
        String officeAttribute,
        String jobTitleAttribute,
        String departmentAttribute,
        String descriptionAttribute,
        String userFilter,
        String groupFilter,
        String containerFilter,
        MembershipStyle membershipStyle,
        MembershipSource membershipSource,
        boolean primaryGroupByGidNumber,
        List<String> extraAttributes,
        String photoAttribute) {

    /** What AD says of an account's state besides userAccountControl: expiry, lockout, password and logon times. */
    public static final List<String> AD_ACCOUNT_STATE =
            List.of("accountExpires", "lockoutTime", "pwdLastSet", "whenCreated", "lastLogonTimestamp");

    public static final String AD_USER_FILTER = "(sAMAccountType=805306368)";
    public static final String AD_GROUP_FILTER = "(objectClass=group)";
    public static final String AD_CONTAINER_FILTER = "(|(objectClass=organizationalUnit)(objectClass=domainDNS)"
            + "(&(objectClass=container)(|(cn=Users)(!(isCriticalSystemObject=TRUE)))))";
    public static final String LDAP_USER_FILTER = "(|(objectClass=inetOrgPerson)(objectClass=posixAccount))";
    public static final String LDAP_CONTAINER_FILTER =
            "(|(objectClass=organizationalUnit)(objectClass=organization)(objectClass=domain))";

    public static EffectiveMapping of(DirectoryType type, AttributeMapping m) {
        AttributeMapping o = m == null
                ? new AttributeMapping(
                        null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                        null, null, null)
                : m;
        boolean ad = type == DirectoryType.ACTIVE_DIRECTORY;
        MembershipStyle style = ad ? MembershipStyle.MEMBER : or(o.membershipStyle(), MembershipStyle.MEMBER);
        String ldapGroupFilter = switch (style) {
            case MEMBER -> "(objectClass=groupOfNames)";
            case UNIQUE_MEMBER -> "(objectClass=groupOfUniqueNames)";
            case MEMBER_UID -> "(objectClass=posixGroup)";
        };
        return new EffectiveMapping(
                type,
                or(o.idAttribute(), ad ? "objectGUID" : "entryUUID"),
                or(o.sidAttribute(), ad ? "objectSid" : null),
                or(o.usernameAttribute(), ad ? "sAMAccountName" : "uid"),
                or(o.principalNameAttribute(), ad ? "userPrincipalName" : null),
                or(o.displayNameAttribute(), ad ? "displayName" : "cn"),
                or(o.emailAttribute(), "mail"),
                or(o.phoneAttribute(), "telephoneNumber"),
                or(o.officeAttribute(), ad ? "physicalDeliveryOfficeName" : "roomNumber"),
                or(o.jobTitleAttribute(), "title"),
                or(o.departmentAttribute(), ad ? "department" : "departmentNumber"),
                or(o.descriptionAttribute(), "description"),
                or(o.userFilter(), ad ? AD_USER_FILTER : LDAP_USER_FILTER),
                or(o.groupFilter(), ad ? AD_GROUP_FILTER : ldapGroupFilter),
                or(o.containerFilter(), ad ? AD_CONTAINER_FILTER : LDAP_CONTAINER_FILTER),
                style,
                style == MembershipStyle.MEMBER_UID
                        ? MembershipSource.MEMBER
                        : or(o.membershipSource(), MembershipSource.AUTO),
                !ad && or(o.primaryGroupByGidNumber(), style == MembershipStyle.MEMBER_UID),
                o.extraAttributes() == null ? List.of() : List.copyOf(o.extraAttributes()),
                or(o.photoAttribute(), null));
    }

    private static <T> T or(T value, T fallback) {
        return value != null && !(value instanceof String s && s.isBlank()) ? value : fallback;
    }

    public boolean isActiveDirectory() {
        return type == DirectoryType.ACTIVE_DIRECTORY;
    }

    /** Whether the id attribute is one the directory itself keeps unique (entryUUID, objectGUID); a mapping's own may repeat. */
    public boolean idUniqueInDirectory() {
        return idAttribute.equalsIgnoreCase("entryUUID") || idAttribute.equalsIgnoreCase("objectGUID");
    }

    public String memberAttribute() {
        return switch (membershipStyle) {
            case MEMBER -> "member";
            case UNIQUE_MEMBER -> "uniqueMember";
            case MEMBER_UID -> "memberUid";
        };
    }

    public String[] userAttributes() {
        Set<String> a = new LinkedHashSet<>(List.of(
                "objectClass",
                idAttribute,
                usernameAttribute,
                displayNameAttribute,
                emailAttribute,
                phoneAttribute,
                officeAttribute,
                jobTitleAttribute,
                departmentAttribute,
                descriptionAttribute,
                "cn",
                "givenName",
                "sn"));
        if (sidAttribute != null) {
            a.add(sidAttribute);
        }
        if (principalNameAttribute != null) {
            a.add(principalNameAttribute);
        }
        if (isActiveDirectory()) {
            a.add("userAccountControl");
            a.addAll(AD_ACCOUNT_STATE);
            a.add("primaryGroupID");
        } else {
            a.add("pwdAccountLockedTime");
            if (primaryGroupByGidNumber) {
                a.add("gidNumber");
            }
        }
        a.addAll(extraAttributes);
        if (photoAttribute != null) {
            a.add(photoAttribute);
        }
        return a.toArray(String[]::new);
    }

    /** Whether users name a primary group that their group's member values leave out (see {@link #primaryGroupAttribute}). */
    public boolean primaryGroups() {
        return isActiveDirectory() || primaryGroupByGidNumber;
    }

    /** The user attribute naming the primary group: AD's primaryGroupID (a RID), RFC 2307's gidNumber; null when none. */
    public String primaryGroupAttribute() {
        return isActiveDirectory() ? "primaryGroupID" : primaryGroupByGidNumber ? "gidNumber" : null;
    }

    public String[] groupAttributes() {
        List<String> a =
                new ArrayList<>(List.of("objectClass", idAttribute, "cn", descriptionAttribute, memberAttribute()));
        if (primaryGroupByGidNumber) {
            a.add("gidNumber");
        }
        if (sidAttribute != null) {
            a.add(sidAttribute);
        }
        if (isActiveDirectory()) {
            a.add("sAMAccountName");
        }
        return a.toArray(String[]::new);
    }

    public String[] containerAttributes() {
        return new String[] {"objectClass", idAttribute, "ou", "cn", "dc", "o", descriptionAttribute};
    }
}
