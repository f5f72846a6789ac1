package io.usersync.sync;

/** How a directory tells what changed since a watermark. */
public enum ChangeFeed {
    /** Active Directory: uSNChanged above the watermark, tombstones through the show-deleted control; USNs are per DC. */
    AD_USN,
    /** RFC 4533 content synchronization, refreshOnly with the stored cookie (OpenLDAP syncprov). */
    CONTENT_SYNC,
    /** Any LDAP server: modifyTimestamp at or after the watermark; deletions are found by the next full run. */
    MODIFY_TIMESTAMP
}
