package io.usersync.directory;

/** How an LDAP group names its members. Active Directory always uses {@code member}. */
public enum MembershipStyle {
    /** groupOfNames: {@code member} holds DNs */
    MEMBER,
    /** groupOfUniqueNames: {@code uniqueMember} holds DNs, optionally with a #uid suffix */
    UNIQUE_MEMBER,
    /** posixGroup: {@code memberUid} holds user names */
    MEMBER_UID
}
