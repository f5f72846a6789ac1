package io.usersync.directory;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Overrides of the directory type's default mapping; every field is optional and null means "the
 * default". See {@link MappingDefaults} for the defaults of Active Directory and generic LDAP.
 */
@Schema(
        name = "AttributeMapping",
        description =
                "Optional overrides of the default attribute mapping and filters; null fields keep the directory type's default")
public record AttributeMapping(
        @Schema(description = "stable id attribute (AD: objectGUID, LDAP: entryUUID)")
        String idAttribute,

        @Schema(description = "security identifier attribute (AD: objectSid; none on LDAP)")
        String sidAttribute,

        @Schema(description = "AD: sAMAccountName, LDAP: uid")
        String usernameAttribute,

        @Schema(description = "AD: userPrincipalName; none on LDAP")
        String principalNameAttribute,

        @Schema(description = "AD: displayName, LDAP: cn") String displayNameAttribute,
        @Schema(description = "mail") String emailAttribute,
        @Schema(description = "telephoneNumber") String phoneAttribute,

        @Schema(description = "AD: physicalDeliveryOfficeName, LDAP: roomNumber")
        String officeAttribute,

        @Schema(description = "title") String jobTitleAttribute,

        @Schema(description = "AD: department, LDAP: departmentNumber")
        String departmentAttribute,

        @Schema(description = "description") String descriptionAttribute,

        @Schema(description = "LDAP filter that picks users")
        String userFilter,

        @Schema(description = "LDAP filter that picks directory groups")
        String groupFilter,

        @Schema(description = "LDAP filter that picks containers mirrored as user groups")
        String containerFilter,

        @Schema(description = "LDAP only: how groups name their members (AD uses member)")
        MembershipStyle membershipStyle,

        @Schema(
                description =
                        "where a full read takes memberships from: MEMBER (each group's member values), MEMBER_OF (each"
                                + " member's memberOf values, for groups too large to read as one message, on servers whose memberOf lists"
                                + " direct memberships and is kept in step with member) or AUTO (default; reads member). A task that selects a"
                                + " group as a base DN reads member; MEMBER_UID groups cannot use MEMBER_OF")
        MembershipSource membershipSource,

        @Schema(
                description = "LDAP only: a user's gidNumber names its primary posixGroup (the group with that"
                        + " gidNumber), whose members then include the user; default true with membershipStyle"
                        + " MEMBER_UID, else false. AD always counts primaryGroupID")
        Boolean primaryGroupByGidNumber,

        @Schema(
                description = "further attributes to copy into a user's raw attributes; one whose values are not all"
                        + " UTF-8 text is stored base64 under the key <name>;binary")
        List<String> extraAttributes,

        @Schema(
                description = "opt-in: the attribute holding users' photos (AD: thumbnailPhoto, LDAP: jpegPhoto),"
                        + " served by GET /users/{id}/photo; none by default")
        String photoAttribute) {}
