package io.usersync.directory;

/**
 * Where a full read takes memberships from. A group's member list arrives as one LDAP message, which
 * for a group of hundreds of thousands of members is larger than any sane message limit on servers
 * without ranged retrieval; the members' memberOf values arrive spread over the user pages instead.
 */
public enum MembershipSource {
    /** each group's member attribute */
    MEMBER,
    /** each user's and group's memberOf values, kept by the server (OpenLDAP's memberof overlay, 389-DS, AD) */
    MEMBER_OF,
    /** the service's choice; today MEMBER, as no cheap probe shows a server's memberOf to match member everywhere */
    AUTO
}
